/** The small objects of an org (Profile, UserRole, UserLicense, PermissionSetLicense) and LoginHistory. */
import { idWriter, makeId, rowOfId } from './ids';
import { mix, pick, saltOf, unit } from './random';
import {
	dateField,
	dateTimeField,
	defineField,
	defineTable,
	idField,
	lookupField,
	writeIdJson,
	type FieldDef,
	type SObjectTable
} from './schema';
import type { OrgState } from './state';
import { BROWSERS, COUNTRY_ISOS, LOGIN_APPLICATIONS, LOGIN_FAILURES, LOGIN_TYPES, PLATFORMS } from './words';

const DAY = 86_400_000;

/** Licences: [Name, LicenseDefinitionKey]. */
export const LICENSES = [
	['Salesforce', 'SFDC'],
	['Salesforce Platform', 'AUL'],
	['Chatter Free', 'PID_Chatter'],
	['Customer Community', 'PID_Customer_Community'],
	['Customer Community Plus', 'PID_Customer_Community_Plus'],
	['Partner Community', 'PID_Partner_Community'],
	['Salesforce Integration', 'PID_Salesforce_Integration'],
	['Guest User License', 'PID_Guest_User']
] as const;

/** Profiles with their licence, user type and share of users (weights sum to 98; the rest have no profile). */
export const PROFILES: readonly {
	name: string;
	license: number;
	userType: string;
	weight: number;
	noEmail?: boolean;
}[] = [
	{ name: 'System Administrator', license: 0, userType: 'Standard', weight: 2 },
	{ name: 'Standard User', license: 0, userType: 'Standard', weight: 48 },
	{ name: 'Marketing User', license: 0, userType: 'Standard', weight: 6 },
	{ name: 'Contract Manager', license: 0, userType: 'Standard', weight: 4 },
	{ name: 'Solution Manager', license: 0, userType: 'Standard', weight: 3 },
	{ name: 'Read Only', license: 0, userType: 'Standard', weight: 5 },
	{ name: 'Standard Platform User', license: 1, userType: 'Standard', weight: 6 },
	{ name: 'Chatter Free User', license: 2, userType: 'CsnOnly', weight: 5 },
	{ name: 'Customer Community User', license: 3, userType: 'CspLitePortal', weight: 5 },
	{ name: 'Customer Community Plus User', license: 4, userType: 'PowerCustomerSuccess', weight: 3 },
	{ name: 'Partner Community User', license: 5, userType: 'PowerPartner', weight: 3 },
	{
		name: 'Salesforce API Only System Integrations',
		license: 6,
		userType: 'Standard',
		weight: 4,
		noEmail: true
	},
	{ name: 'Guest License User', license: 7, userType: 'Guest', weight: 2 }
];

/** Roles: [Name, parent role index or -1]. Role 0 is the top of the hierarchy. */
export const ROLES: readonly (readonly [string, number])[] = [
	['CEO', -1],
	['VP, Sales', 0],
	['Sales Manager, Americas', 1],
	['Sales Manager, EMEA', 1],
	['Sales Manager, APAC', 1],
	['Sales Rep, Americas', 2],
	['Sales Rep, EMEA', 3],
	['Sales Rep, APAC', 4],
	['VP, Marketing', 0],
	['Marketing Team', 8],
	['VP, Engineering', 0],
	['Engineering Team', 10],
	['Support Manager', 10],
	['Support Agent', 12],
	['CFO', 0],
	['Finance Team', 14]
];

/** Permission set licences: [DeveloperName, MasterLabel, total seats, share of active internal users using one]. */
export const PERMISSION_SET_LICENSES = [
	['SalesforceCPQ_CPQStandardPerm', 'Salesforce CPQ License', 500, 0.05],
	['SalesConsoleUser', 'Sales Console User', 1000, 0.2],
	['IdentityConnect', 'Identity Connect', 100, 0.01],
	['EinsteinAnalyticsPlusPsl', 'CRM Analytics Plus', 50, 0.004],
	['FieldServiceDispatcherPsl', 'Field Service Dispatcher', 25, 0]
] as const;

/** What the small objects need from the rest of the org. */
export interface CatalogLinks {
	users: () => SObjectTable;
	/** Active users per licence index, counted over the org. */
	licenseUsage: () => number[];
	/** Active users that are internal (Standard user type), for permission set licence usage. */
	internalActiveUsers: () => number;
}

const audit = (state: OrgState, users: () => SObjectTable, offset: number): FieldDef[] => [
	dateTimeField({ name: 'CreatedDate' }, () => state.today - 10 * 365 * DAY + offset * 60_000),
	lookupField(
		{ name: 'CreatedById', label: 'Created By ID', referenceTo: ['User'], relationshipName: 'CreatedBy' },
		users,
		() => 0
	),
	dateTimeField({ name: 'LastModifiedDate' }, () => state.today - 30 * DAY + offset * 60_000),
	lookupField(
		{
			name: 'LastModifiedById',
			label: 'Last Modified By ID',
			referenceTo: ['User'],
			relationshipName: 'LastModifiedBy'
		},
		users,
		() => 0
	),
	dateTimeField({ name: 'SystemModstamp' }, () => state.today - 30 * DAY + offset * 60_000)
];

const fixedRows = (state: OrgState, keyPrefix: string, count: number) => ({
	keyPrefix,
	rowCount: () => count,
	idOf: (row: number) => makeId(keyPrefix, state.pod, row),
	writeId: idWriter(keyPrefix, state.pod),
	rowOf: (id: string) => {
		const row = rowOfId(id, keyPrefix, state.pod);
		return row < count ? row : -1;
	}
});

/** The UserLicense table. */
export function createUserLicenseTable(state: OrgState, links: CatalogLinks): SObjectTable {
	const total = (row: number) => {
		const used = links.licenseUsage()[row];
		return Math.max(10, Math.ceil((used * 1.1) / 10) * 10);
	};
	return defineTable({
		name: 'UserLicense',
		label: 'User License',
		labelPlural: 'User Licenses',
		...fixedRows(state, '100', LICENSES.length),
		fields: [
			defineField({
				name: 'Id',
				label: 'User License ID',
				type: 'id',
				get: (row) => makeId('100', state.pod, row)
			}),
			defineField({
				name: 'LicenseDefinitionKey',
				type: 'string',
				length: 40,
				get: (row) => LICENSES[row][1]
			}),
			defineField({ name: 'TotalLicenses', type: 'int', nillable: false, get: total }),
			defineField({
				name: 'Status',
				type: 'picklist',
				length: 40,
				picklistValues: ['Active', 'Disabled'],
				get: () => 'Active'
			}),
			defineField({
				name: 'UsedLicenses',
				type: 'int',
				nillable: false,
				get: (row) => links.licenseUsage()[row]
			}),
			defineField({ name: 'UsedLicensesLastUpdated', type: 'datetime', get: () => null }),
			defineField({
				name: 'Name',
				label: 'User License Name',
				type: 'string',
				length: 40,
				get: (row) => LICENSES[row][0]
			}),
			defineField({
				name: 'MasterLabel',
				label: 'Master Label',
				type: 'string',
				length: 40,
				get: (row) => LICENSES[row][0]
			}),
			...audit(state, links.users, 0)
		]
	});
}

/** The Profile table. */
export function createProfileTable(
	state: OrgState,
	links: CatalogLinks & { licenses: () => SObjectTable }
): SObjectTable {
	return defineTable({
		name: 'Profile',
		label: 'Profile',
		labelPlural: 'Profiles',
		...fixedRows(state, '00e', PROFILES.length),
		fields: [
			defineField({
				name: 'Id',
				label: 'Profile ID',
				type: 'id',
				get: (row) => makeId('00e', state.pod, row)
			}),
			defineField({
				name: 'Name',
				type: 'string',
				length: 255,
				nillable: false,
				get: (row) => PROFILES[row].name
			}),
			lookupField(
				{
					name: 'UserLicenseId',
					label: 'User License ID',
					referenceTo: ['UserLicense'],
					relationshipName: 'UserLicense'
				},
				links.licenses,
				(row) => PROFILES[row].license
			),
			defineField({
				name: 'UserType',
				type: 'picklist',
				length: 40,
				picklistValues: [...new Set(PROFILES.map((profile) => profile.userType))],
				get: (row) => PROFILES[row].userType
			}),
			defineField({
				name: 'Description',
				type: 'string',
				length: 255,
				get: (row) => (row === 0 ? 'Full access to the org' : null)
			}),
			defineField({
				name: 'PermissionsApiEnabled',
				label: 'API Enabled',
				type: 'boolean',
				get: (row) => PROFILES[row].license <= 1 || PROFILES[row].license === 6
			}),
			...audit(state, links.users, 1)
		]
	});
}

/** The UserRole table; ForecastUserId points at a user who forecasts for the role. */
export function createUserRoleTable(state: OrgState, links: CatalogLinks): SObjectTable {
	const roles = () => table;
	const forecastUser = (row: number) => {
		if (row % 3 === 2) return -1;
		const users = links.users();
		const candidate = (row * 13 + 1) % users.rowCount();
		return users.isDeleted(candidate) ? 0 : candidate;
	};
	const table: SObjectTable = defineTable({
		name: 'UserRole',
		label: 'Role',
		labelPlural: 'Roles',
		...fixedRows(state, '00E', ROLES.length),
		fields: [
			defineField({ name: 'Id', label: 'Role ID', type: 'id', get: (row) => makeId('00E', state.pod, row) }),
			defineField({ name: 'Name', type: 'string', length: 80, nillable: false, get: (row) => ROLES[row][0] }),
			defineField({
				name: 'ParentRoleId',
				label: 'Parent Role ID',
				type: 'reference',
				referenceTo: ['UserRole'],
				get: (row) => (ROLES[row][1] < 0 ? null : roles().idOf(ROLES[row][1]))
			}),
			defineField({
				name: 'RollupDescription',
				label: 'Description',
				type: 'string',
				length: 80,
				get: (row) => ROLES[row][0]
			}),
			defineField({
				name: 'OpportunityAccessForAccountOwner',
				label: 'Opportunity Access Level',
				type: 'picklist',
				length: 40,
				picklistValues: ['None', 'Read', 'Edit'],
				get: (row) => (row === 0 ? 'Edit' : 'Read')
			}),
			defineField({
				name: 'CaseAccessForAccountOwner',
				label: 'Case Access Level',
				type: 'picklist',
				length: 40,
				picklistValues: ['None', 'Read', 'Edit'],
				get: () => 'Read'
			}),
			defineField({
				name: 'ContactAccessForAccountOwner',
				label: 'Contact Access Level',
				type: 'picklist',
				length: 40,
				picklistValues: ['None', 'Read', 'Edit'],
				get: () => 'Edit'
			}),
			lookupField(
				{
					name: 'ForecastUserId',
					label: 'Forecast User ID',
					referenceTo: ['User'],
					relationshipName: 'ForecastUser'
				},
				links.users,
				forecastUser
			),
			defineField({
				name: 'MayForecastManagerShare',
				label: 'May Forecast Manager Share',
				type: 'boolean',
				get: (row) => row % 2 === 0
			}),
			defineField({
				name: 'DeveloperName',
				label: 'Developer Name',
				type: 'string',
				length: 80,
				nillable: false,
				get: (row) => ROLES[row][0].replace(/[^A-Za-z]+/g, '_')
			}),
			defineField({
				name: 'PortalType',
				type: 'picklist',
				length: 40,
				picklistValues: ['None'],
				get: () => 'None'
			}),
			...audit(state, links.users, 2).filter(
				(field) => field.name !== 'CreatedDate' && field.name !== 'CreatedById'
			)
		]
	});
	return table;
}

/** The PermissionSetLicense table. */
export function createPermissionSetLicenseTable(state: OrgState, links: CatalogLinks): SObjectTable {
	const used = (row: number) =>
		Math.min(
			PERMISSION_SET_LICENSES[row][2],
			Math.floor(links.internalActiveUsers() * PERMISSION_SET_LICENSES[row][3])
		);
	return defineTable({
		name: 'PermissionSetLicense',
		label: 'Permission Set License',
		labelPlural: 'Permission Set Licenses',
		...fixedRows(state, '0PL', PERMISSION_SET_LICENSES.length),
		fields: [
			defineField({
				name: 'Id',
				label: 'Permission Set License ID',
				type: 'id',
				get: (row) => makeId('0PL', state.pod, row)
			}),
			defineField({
				name: 'DeveloperName',
				type: 'string',
				length: 80,
				nillable: false,
				get: (row) => PERMISSION_SET_LICENSES[row][0]
			}),
			defineField({
				name: 'MasterLabel',
				type: 'string',
				length: 80,
				nillable: false,
				get: (row) => PERMISSION_SET_LICENSES[row][1]
			}),
			defineField({
				name: 'PermissionSetLicenseKey',
				type: 'string',
				length: 80,
				get: (row) => PERMISSION_SET_LICENSES[row][0]
			}),
			defineField({
				name: 'TotalLicenses',
				type: 'int',
				nillable: false,
				get: (row) => PERMISSION_SET_LICENSES[row][2]
			}),
			defineField({
				name: 'Status',
				type: 'picklist',
				length: 40,
				picklistValues: ['Active', 'Disabled'],
				get: (row) => (row === 4 ? 'Disabled' : 'Active')
			}),
			defineField({ name: 'UsedLicenses', type: 'int', nillable: false, get: used }),
			dateField({ name: 'ExpirationDate' }, (row) =>
				row === 4 ? state.today - 30 * DAY : Math.floor(state.today / DAY) * DAY + (row + 1) * 90 * DAY
			),
			...audit(state, links.users, 3)
		]
	});
}

/** LoginHistory: `loginHistoryPerUser` rows per user row, newest last; row = userRow * perUser + k. */
export function createLoginHistoryTable(state: OrgState, links: CatalogLinks): SObjectTable {
	const per = state.loginHistoryPerUser;
	const keys = new Map<string, number>();
	const h = (row: number, name: string) => {
		let key = keys.get(name);
		if (key === undefined) keys.set(name, (key = mix(state.seed, saltOf(name))));
		return mix(key, row);
	};
	const failed = (row: number) => unit(h(row, 'loginStatus')) < 0.1;
	const userRow = (row: number) => Math.floor(row / per);
	const count = () => state.userRows * per;
	const loginTime = (row: number) =>
		state.today - (per - (row % per)) * 2 * DAY - (h(row, 'loginTime') % DAY);
	const table: SObjectTable = defineTable({
		name: 'LoginHistory',
		label: 'Login History',
		labelPlural: 'Login History',
		keyPrefix: '0Ya',
		rowCount: count,
		idOf: (row) => makeId('0Ya', state.pod, row),
		writeId: idWriter('0Ya', state.pod),
		rowOf: (id) => {
			const row = rowOfId(id, '0Ya', state.pod);
			return row < count() ? row : -1;
		},
		fields: [
			idField('Login History ID', () => table),
			defineField({
				name: 'UserId',
				label: 'User ID',
				type: 'reference',
				referenceTo: ['User'],
				get: (row) => links.users().idOf(userRow(row)),
				writeJson: (row, out) => writeIdJson(links.users(), userRow(row), out)
			}),
			dateTimeField({ name: 'LoginTime' }, loginTime),
			defineField({
				name: 'LoginType',
				type: 'picklist',
				length: 40,
				picklistValues: [...LOGIN_TYPES],
				get: (row) => pick(LOGIN_TYPES, h(row, 'loginType'))
			}),
			defineField({
				name: 'SourceIp',
				label: 'Source IP',
				type: 'string',
				length: 39,
				get: (row) => {
					const hash = h(row, 'ip');
					return hash % 10 === 0
						? `2001:db8::${(hash >>> 8).toString(16)}`
						: `${[198, 203, 192][hash % 3]}.${[51, 0, 0][hash % 3]}.${[100, 113, 2][hash % 3]}.${(hash >>> 8) % 256}`;
				}
			}),
			defineField({
				name: 'LoginUrl',
				label: 'Login URL',
				type: 'string',
				length: 250,
				get: () => `${state.domain.split('.')[0]}.my.salesforce.com`
			}),
			defineField({
				name: 'AuthenticationServiceId',
				type: 'reference',
				referenceTo: ['SamlSsoConfig'],
				get: () => null
			}),
			defineField({ name: 'LoginGeoId', type: 'reference', referenceTo: ['LoginGeo'], get: () => null }),
			defineField({
				name: 'TlsProtocol',
				label: 'TLS Protocol',
				type: 'picklist',
				length: 40,
				picklistValues: ['TLS 1.2', 'TLS 1.3'],
				get: (row) => (h(row, 'tls') % 2 ? 'TLS 1.3' : 'TLS 1.2')
			}),
			defineField({
				name: 'CipherSuite',
				type: 'picklist',
				length: 40,
				picklistValues: ['ECDHE-RSA-AES256-GCM-SHA384'],
				get: () => 'ECDHE-RSA-AES256-GCM-SHA384'
			}),
			defineField({
				name: 'Browser',
				type: 'string',
				length: 64,
				get: (row) => pick(BROWSERS, h(row, 'browser'))
			}),
			defineField({
				name: 'Platform',
				type: 'string',
				length: 64,
				get: (row) => pick(PLATFORMS, h(row, 'platform'))
			}),
			defineField({
				name: 'Status',
				type: 'string',
				length: 128,
				get: (row) => (failed(row) ? pick(LOGIN_FAILURES, h(row, 'failure')) : 'Success')
			}),
			defineField({
				name: 'Application',
				type: 'string',
				length: 64,
				get: (row) => pick(LOGIN_APPLICATIONS, h(row, 'application'))
			}),
			defineField({ name: 'ClientVersion', type: 'string', length: 64, get: () => 'N/A' }),
			defineField({
				name: 'ApiType',
				label: 'API Type',
				type: 'string',
				length: 64,
				get: (row) => (h(row, 'loginType') % 4 === 3 ? 'SOAP Enterprise' : 'N/A')
			}),
			defineField({
				name: 'ApiVersion',
				label: 'API Version',
				type: 'string',
				length: 32,
				get: (row) => (h(row, 'loginType') % 4 === 3 ? '65.0' : 'N/A')
			}),
			defineField({
				name: 'CountryIso',
				label: 'Country Code',
				type: 'string',
				length: 2,
				get: (row) => pick(COUNTRY_ISOS, h(row, 'country'))
			})
		]
	});
	return table;
}
