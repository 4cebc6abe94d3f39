/**
 * Connector templates: a SOQL query over User and the mapping that goes with it, ready to run on any org
 * (the demo org included). Also how a new connector gets its NQL ID from its name.
 */
import type { Connector, FieldMapping, MappingSpec } from './model';

/** A starting point for a connector. */
export interface ConnectorTemplate {
	/** Also stored as the connector's `template` (the run log's `details.connector`). */
	name: string;
	description: string;
	soql: string;
	mapping: MappingSpec;
	/** Whether runs add each user's latest LoginHistory row as `LatestLogin`. */
	latestLogin: boolean;
}

/** Plain User fields of "All user attributes" and the target each fills (seed 003). */
const USER_ATTRIBUTES: [source: string, target: string][] = [
	['Username', 'username'],
	['FirstName', 'first_name'],
	['LastName', 'last_name'],
	['Name', 'full_name'],
	['Alias', 'alias'],
	['Title', 'title'],
	['EmployeeNumber', 'employee_number'],
	['Email', 'email'],
	['Division', 'division'],
	['Department', 'department'],
	['CompanyName', 'company'],
	['UserType', 'user_type'],
	['UserRoleId', 'role_id'],
	['IsActive', 'active'],
	['Phone', 'phone'],
	['Fax', 'fax'],
	['MobilePhone', 'mobile_phone'],
	['Street', 'street'],
	['City', 'city'],
	['State', 'state'],
	['PostalCode', 'postal_code'],
	['Country', 'country'],
	['LanguageLocaleKey', 'language'],
	['LocaleSidKey', 'locale'],
	['TimeZoneSidKey', 'time_zone'],
	['Signature', 'signature'],
	['SenderName', 'sender_name'],
	['SenderEmail', 'sender_email'],
	['CreatedDate', 'created_date'],
	['CreatedById', 'created_by_id'],
	['OutOfOfficeMessage', 'out_of_office_message'],
	['EmailEncodingKey', 'email_encoding'],
	['ReceivesInfoEmails', 'receives_info_emails'],
	['FullPhotoUrl', 'full_photo_url'],
	['SmallPhotoUrl', 'small_photo_url'],
	['MediumPhotoUrl', 'medium_photo_url'],
	['BannerPhotoUrl', 'banner_photo_url'],
	['IsProfilePhotoActive', 'profile_photo_active'],
	['ProfileId', 'profile_id'],
	['IndividualId', 'individual_id'],
	['CallCenterId', 'call_center_id'],
	['ManagerId', 'manager_id'],
	['DelegatedApproverId', 'delegated_approver_id'],
	['LastViewedDate', 'last_viewed_date'],
	['LastReferencedDate', 'last_referenced_date'],
	['LastPasswordChangeDate', 'last_password_change_date'],
	['LastLoginDate', 'last_login_date'],
	['LastModifiedDate', 'last_modified_date'],
	['LastModifiedById', 'last_modified_by_id'],
	['ForecastEnabled', 'forecast_enabled'],
	['FederationIdentifier', 'federation_identifier'],
	['DigestFrequency', 'digest_frequency'],
	['ContactId', 'contact_id'],
	['AccountId', 'account_id'],
	['CommunityNickname', 'community_nickname'],
	['BadgeText', 'badge_text'],
	['AboutMe', 'about_me'],
	['IsExtIndicatorVisible', 'external_indicator_visible'],
	...([
		'MarketingUser',
		'OfflineUser',
		'KnowledgeUser',
		'InteractionUser',
		'SupportUser',
		'CallCenterAutoLogin'
	].map((name) => [`UserPermissions${name}`, `permission_${snake(name)}`]) as [string, string][]),
	...([
		'ActivityRemindersPopup',
		'EventRemindersCheckboxDefault',
		'TaskRemindersCheckboxDefault',
		'HideS1BrowserUI',
		'LightningExperiencePreferred',
		'ShowEmailToExternalUsers'
	].map((name) => [`UserPreferences${name}`, `preference_${snake(name)}`]) as [string, string][])
];

/** Attributes read through relationships: manager, role, profile and licence. */
const RELATED_ATTRIBUTES: [source: string, target: string][] = [
	['Manager.Name', 'manager_name'],
	['Manager.Email', 'manager_email'],
	['UserRole.Name', 'role'],
	['Profile.Name', 'profile'],
	['Profile.UserLicense.Name', 'license'],
	['UserRole.ForecastUserId', 'role_forecast_manager_id']
];

/**
 * Attributes that are not in the SELECT list: the record's URL, which Salesforce returns with every
 * record, and the latest login (status, time, source IP, device) that the run joins from LoginHistory.
 */
const LATEST_LOGIN: [source: string, target: string][] = [
	['LatestLogin.Status', 'last_login_status'],
	['LatestLogin.LoginTime', 'last_login_time'],
	['LatestLogin.SourceIp', 'last_login_ip']
];
const RECORD_ATTRIBUTES: [source: string, target: string][] = [
	['attributes.url', 'record_url'],
	...LATEST_LOGIN,
	['LatestLogin.Platform', 'device_platform'],
	['LatestLogin.Browser', 'device_browser']
];

/** "HideS1BrowserUI" → "hide_s1_browser_ui". */
function snake(name: string): string {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
		.replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
		.toLowerCase();
}

function fields(pairs: [string, string][]): FieldMapping[] {
	return pairs.map(([source, target]) => ({ source, target, description: '' }));
}

function selectList(pairs: [string, string][]): string {
	const names = ['Id', ...pairs.map(([source]) => source)];
	return [...new Set(names)].join(', ');
}

const allAttributes = [...USER_ATTRIBUTES, ...RELATED_ATTRIBUTES];

const IDENTITY_MINIMAL: [string, string][] = [
	['Email', 'email'],
	['Name', 'full_name'],
	['Department', 'department'],
	['Title', 'title'],
	['Manager.Email', 'manager_email'],
	['IsActive', 'active']
];

const LOGIN_ACTIVITY_USER: [string, string][] = [
	['Email', 'email'],
	['Name', 'full_name'],
	['IsActive', 'active']
];

/** The templates offered when creating a connector; the first is the newcomer's default. */
export const CONNECTOR_TEMPLATES: readonly ConnectorTemplate[] = [
	{
		name: 'All user attributes',
		description:
			'Every User attribute, with manager, role, profile and licence read through relationships, and the latest login (status, time, source IP, device) from LoginHistory.',
		soql: `SELECT ${selectList(allAttributes)}\nFROM User`,
		mapping: {
			identifier: { expression: 'Email', kind: 'email' },
			fields: [...fields(allAttributes), ...fields(RECORD_ATTRIBUTES)]
		},
		latestLogin: true
	},
	{
		name: 'Identity minimal',
		description: 'E-mail, name, department, title, manager e-mail and active status.',
		soql: `SELECT ${selectList(IDENTITY_MINIMAL)}\nFROM User`,
		mapping: { identifier: { expression: 'Email', kind: 'email' }, fields: fields(IDENTITY_MINIMAL) },
		latestLogin: false
	},
	{
		name: 'Login activity',
		description:
			"Each user's latest login: status, time and source IP, from LoginHistory (a second query joined on UserId).",
		soql: `SELECT ${selectList(LOGIN_ACTIVITY_USER)}\nFROM User`,
		mapping: {
			identifier: { expression: 'Email', kind: 'email' },
			fields: [...fields(LOGIN_ACTIVITY_USER), ...fields(LATEST_LOGIN)]
		},
		latestLogin: true
	}
];

/** The template of that name, or undefined. */
export function findTemplate(name: string): ConnectorTemplate | undefined {
	return CONNECTOR_TEMPLATES.find((template) => template.name === name);
}

/** An NQL ID from a name (lowercase, `_`, starting with a letter), made unique against `taken`. */
export function suggestNqlId(name: string, taken: Iterable<string> = []): string {
	const base =
		name
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '_')
			.replace(/^[^a-z]+/, '')
			.replace(/_+$/, '')
			.slice(0, 56)
			.replace(/_+$/, '') || 'connector';
	const used = new Set(taken);
	if (!used.has(base)) return base;
	for (let suffix = 2; suffix < 10_000; suffix++)
		if (!used.has(`${base}_${suffix}`)) return `${base}_${suffix}`;
	return `${base}_${Date.now().toString(36)}`.slice(0, 64);
}

/** What a new connector needs besides its template. */
export interface NewConnectorInput {
	id: string;
	name: string;
	nqlId: string;
	credentialId: string | null;
	now: number;
}

/** A new, inactive, manually scheduled connector made from a template. */
export function connectorFromTemplate(template: ConnectorTemplate, input: NewConnectorInput): Connector {
	return {
		id: input.id,
		name: input.name,
		nqlId: input.nqlId,
		description: template.description,
		template: template.name,
		schedule: { kind: 'manual' },
		active: false,
		credentialId: input.credentialId,
		soql: template.soql,
		userStatus: 'active',
		companyDomains: ['*'],
		batchSize: 2000,
		includeDeleted: false,
		latestLogin: template.latestLogin,
		mapping: structuredClone(template.mapping),
		createdAt: input.now,
		updatedAt: input.now
	};
}
