/** The User object: every field of every user is computed from (seed, row, field) when asked for. */
import { idWriter, makeId, rowOfId } from './ids';
import { pick, unit } from './random';
import {
	dateTimeField,
	defineField,
	defineTable,
	choiceField,
	idField,
	lookupField,
	type FieldDef,
	type SObjectTable
} from './schema';
import { type OrgState } from './state';
import { COMPANIES, DIGEST_FREQUENCIES, DIVISIONS, EMAIL_ENCODINGS, PLACES } from './words';
import { PROFILES } from './catalog';
import {
	AWKWARD_DRAW_RATES,
	createUserDraws,
	DAY,
	INTEGRATION_FULL,
	INTEGRATION_LAST,
	NULL_BYTES,
	type UserLinks
} from './user-draws';

/** User permission flags (User.UserPermissions…), as in a real org. */
const USER_PERMISSIONS = [
	'MarketingUser',
	'OfflineUser',
	'KnowledgeUser',
	'InteractionUser',
	'SupportUser',
	'CallCenterAutoLogin'
];
/** User preference flags (User.UserPreferences…), as in a real org. */
const USER_PREFERENCES = [
	'ActivityRemindersPopup',
	'EventRemindersCheckboxDefault',
	'TaskRemindersCheckboxDefault',
	'HideS1BrowserUI',
	'LightningExperiencePreferred',
	'ShowEmailToExternalUsers'
];

/** Builds the User table over the org state. */
export function createUserTable(state: OrgState, links: UserLinks): SObjectTable {
	const draw = createUserDraws(state, links);
	const fields: FieldDef[] = [
		idField('User ID', draw.users),
		defineField({
			name: 'Username',
			type: 'string',
			length: 80,
			get: (row) => (row === 0 ? `admin@${state.domain}` : `${draw.localPart(row)}.u${row}@${state.domain}`),
			writeJson: draw.writeUsername
		}),
		draw.nameField({ name: 'LastName', length: 80 }, draw.book.lasts, INTEGRATION_LAST),
		choiceField({ name: 'FirstName', type: 'string', length: 40 }, draw.book.firsts, draw.nameIndex),
		draw.nameField({ name: 'Name', label: 'Full Name', length: 121 }, draw.book.fulls, INTEGRATION_FULL),
		choiceField({ name: 'CompanyName', type: 'string', length: 80 }, COMPANIES, (row) =>
			row === 0 ? 0 : draw.h(row, draw.K.company) % COMPANIES.length
		),
		choiceField(
			{ name: 'Division', type: 'string', length: 80 },
			DIVISIONS,
			(row) => draw.h(row, draw.K.division) % DIVISIONS.length
		),
		choiceField(
			{ name: 'Department', type: 'string', length: 80 },
			draw.DEPARTMENT_VALUES,
			draw.departmentIndex
		),
		choiceField({ name: 'Title', type: 'string', length: 80 }, draw.TITLE_VALUES, draw.titleIndex),
		defineField({ name: 'Street', type: 'textarea', length: 255, get: draw.street }),
		draw.placeField({ name: 'City', length: 40 }, 0),
		draw.placeField({ name: 'State', label: 'State/Province', length: 80 }, 1),
		draw.str(
			{ name: 'PostalCode', label: 'Zip/Postal Code', length: 20 },
			(row) => `${draw.place(row)[3]}${String(draw.h(row, draw.K.postal) % 100).padStart(2, '0')}`
		),
		draw.placeField({ name: 'Country', length: 80 }, 2),
		defineField({ name: 'Email', type: 'email', length: 128, get: draw.email, writeJson: draw.writeEmail }),
		defineField({
			name: 'SenderEmail',
			type: 'email',
			length: 80,
			get: (row) => (draw.h(row, draw.K.sender) % 10 === 0 ? draw.email(row) : null),
			writeJson: (row, out) =>
				draw.h(row, draw.K.sender) % 10 === 0 ? draw.writeEmail(row, out) : out.bytes(NULL_BYTES)
		}),
		draw.str({ name: 'SenderName', length: 80 }, (row) =>
			draw.h(row, draw.K.sender) % 10 === 0 ? draw.fullName(row) : null
		),
		defineField({
			name: 'Signature',
			type: 'textarea',
			length: 1333,
			get: (row) =>
				draw.h(row, draw.K.signature) % 5 === 0
					? `${draw.fullName(row)}\n${draw.title(row) ?? ''}\n${COMPANIES[0]}`
					: null
		}),
		draw.phoneField('Phone', draw.phoneHash),
		draw.phoneField('Fax', draw.faxHash),
		draw.phoneField('MobilePhone', draw.mobileHash),
		draw.str({ name: 'Alias', length: 8 }, (row) =>
			row === 0 ? 'admin' : `u${row.toString(36)}`.slice(0, 8)
		),
		draw.str({ name: 'CommunityNickname', label: 'Nickname', length: 40 }, (row) =>
			row === 0 ? 'admin' : `${draw.localPart(row).slice(0, 24)}.${row}`
		),
		draw.str({ name: 'BadgeText', length: 80 }, (row) =>
			draw.userType(row) === 'Standard' ? '' : draw.userType(row) === 'Guest' ? 'Guest' : 'Customer'
		),
		choiceField({ name: 'IsActive', label: 'Active', type: 'boolean' }, [false, true], (row) =>
			draw.isActive(row) ? 1 : 0
		),
		draw.pickList(
			'TimeZoneSidKey',
			PLACES.map((p) => p[4]),
			(row) => draw.place(row)[4]
		),
		lookupField(
			{ name: 'UserRoleId', label: 'Role ID', referenceTo: ['UserRole'], relationshipName: 'UserRole' },
			links.roles,
			draw.roleRow
		),
		draw.pickList(
			'LocaleSidKey',
			PLACES.map((p) => p[5]),
			(row) => draw.name(row).locale ?? draw.place(row)[5]
		),
		defineField({
			name: 'ReceivesInfoEmails',
			label: 'Info Emails',
			type: 'boolean',
			get: (row) => draw.h(row, draw.K.info) % 2 === 0
		}),
		draw.pickList('EmailEncodingKey', EMAIL_ENCODINGS, (row) =>
			draw.name(row).locale === 'ja_JP' ? 'Shift_JIS' : 'UTF-8'
		),
		lookupField(
			{ name: 'ProfileId', label: 'Profile ID', referenceTo: ['Profile'], relationshipName: 'Profile' },
			links.profiles,
			draw.profileIndex
		),
		choiceField(
			{
				name: 'UserType',
				type: 'picklist',
				length: 40,
				picklistValues: [
					'Standard',
					'PowerPartner',
					'PowerCustomerSuccess',
					'CustomerSuccess',
					'CspLitePortal',
					'CsnOnly',
					'Guest',
					'AutomatedProcess'
				]
			},
			draw.USER_TYPE_VALUES,
			(row) => {
				const index = draw.profileIndex(row);
				return index < 0 ? PROFILES.length : index;
			}
		),
		draw.pickList(
			'LanguageLocaleKey',
			PLACES.map((p) => p[6]),
			(row) => draw.name(row).language ?? draw.place(row)[6]
		),
		draw.employeeNumberField({ name: 'EmployeeNumber', length: 20 }, draw.isInternal),
		defineField({
			name: 'DelegatedApproverId',
			label: 'Delegated Approver ID',
			type: 'reference',
			referenceTo: ['Group', 'User'],
			get: () => null
		}),
		lookupField(
			{ name: 'ManagerId', label: 'Manager ID', referenceTo: ['User'], relationshipName: 'Manager' },
			draw.users,
			draw.managerRow
		),
		dateTimeField({ name: 'LastLoginDate' }, (row) => {
			if (row !== 0 && unit(draw.h(row, draw.K.login)) < AWKWARD_DRAW_RATES.neverLoggedIn) return null;
			const created = draw.createdTime(row);
			return Math.max(created, state.today - (draw.h(row, draw.K.lastLogin) % (90 * DAY)));
		}),
		dateTimeField(
			{ name: 'LastPasswordChangeDate' },
			(row) => draw.createdTime(row) + (draw.h(row, draw.K.password) % DAY)
		),
		dateTimeField({ name: 'CreatedDate' }, draw.createdTime),
		lookupField(
			{ name: 'CreatedById', label: 'Created By ID', referenceTo: ['User'], relationshipName: 'CreatedBy' },
			draw.users,
			() => 0
		),
		dateTimeField({ name: 'LastModifiedDate' }, draw.modifiedTime),
		lookupField(
			{
				name: 'LastModifiedById',
				label: 'Last Modified By ID',
				referenceTo: ['User'],
				relationshipName: 'LastModifiedBy'
			},
			draw.users,
			() => 0
		),
		dateTimeField({ name: 'SystemModstamp' }, draw.modifiedTime),
		draw.str({ name: 'OutOfOfficeMessage', length: 40 }, (row) =>
			draw.h(row, draw.K.ooo) % 50 === 0 ? 'Out until Monday' : ''
		),
		defineField({
			name: 'ContactId',
			label: 'Contact ID',
			type: 'reference',
			referenceTo: ['Contact'],
			get: () => null
		}),
		defineField({
			name: 'AccountId',
			label: 'Account ID',
			type: 'reference',
			referenceTo: ['Account'],
			get: () => null
		}),
		defineField({
			name: 'CallCenterId',
			label: 'Call Center ID',
			type: 'reference',
			referenceTo: ['CallCenter'],
			get: () => null
		}),
		draw.employeeNumberField(
			{ name: 'FederationIdentifier', label: 'SAML Federation ID', length: 512 },
			(row) => draw.isInternal(row) && draw.h(row, draw.K.federation) % 2 === 0
		),
		defineField({ name: 'AboutMe', type: 'textarea', length: 1000, get: draw.aboutMe }),
		defineField({ name: 'FullPhotoUrl', type: 'url', length: 1024, get: (row) => draw.photo(row, 'F') }),
		defineField({
			name: 'SmallPhotoUrl',
			label: 'Photo',
			type: 'url',
			length: 1024,
			get: (row) => draw.photo(row, 'T')
		}),
		defineField({
			name: 'IsExtIndicatorVisible',
			label: 'Show external indicator',
			type: 'boolean',
			get: (row) => !draw.isInternal(row)
		}),
		draw.str({ name: 'MediumPhotoUrl', length: 1024 }, (row) => draw.photo(row, 'M')),
		draw.pickList('DigestFrequency', DIGEST_FREQUENCIES, (row) =>
			pick(DIGEST_FREQUENCIES, draw.h(row, draw.K.digest))
		),
		defineField({
			name: 'BannerPhotoUrl',
			type: 'url',
			length: 1024,
			get: () => `${draw.photoBase()}005/B`
		}),
		defineField({ name: 'IsProfilePhotoActive', type: 'boolean', get: draw.hasPhoto }),
		defineField({
			name: 'IndividualId',
			label: 'Individual ID',
			type: 'reference',
			referenceTo: ['Individual'],
			get: () => null
		}),
		defineField({
			name: 'ForecastEnabled',
			label: 'Allow Forecasting',
			type: 'boolean',
			get: (row) => draw.roleRow(row) > 0 && draw.h(row, draw.K.forecast) % 3 === 0
		}),
		...draw.flagFields(USER_PERMISSIONS, 'UserPermissions', draw.K.permissions),
		...draw.flagFields(USER_PREFERENCES, 'UserPreferences', draw.K.preferences),
		dateTimeField({ name: 'LastViewedDate' }, (row) =>
			draw.h(row, draw.K.viewed) % 3 === 0 ? state.today - (draw.h(row, draw.K.viewedAt) % (30 * DAY)) : null
		),
		dateTimeField({ name: 'LastReferencedDate' }, (row) =>
			draw.h(row, draw.K.viewed) % 3 === 0 ? state.today - (draw.h(row, draw.K.viewedAt) % (30 * DAY)) : null
		),
		defineField({
			name: 'IsDeleted',
			label: 'Deleted',
			type: 'boolean',
			get: (row) => state.deleted[row] === 1
		})
	];

	let idMemoRow = -1;
	let idMemo = '';
	return defineTable({
		name: 'User',
		label: 'User',
		labelPlural: 'Users',
		keyPrefix: '005',
		fields,
		rowCount: () => state.userRows,
		isDeleted: (row) => state.deleted[row] === 1,
		liveCount: () => state.userRows - state.deletedCount,
		writeId: idWriter('005', state.pod),
		idOf: (row) => {
			if (row !== idMemoRow) {
				idMemo = makeId('005', state.pod, row);
				idMemoRow = row;
			}
			return idMemo;
		},
		rowOf: (id) => {
			const row = rowOfId(id, '005', state.pod);
			return row < state.userRows ? row : -1;
		}
	});
}
