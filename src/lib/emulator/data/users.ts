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
	const {
		K,
		h,
		flagFields,
		profileIndex,
		USER_TYPE_VALUES,
		userType,
		isInternal,
		book,
		nameIndex,
		name,
		nameField,
		place,
		placeField,
		localPart,
		email,
		writeEmail,
		writeUsername,
		employeeNumberField,
		createdTime,
		modifiedTime,
		managerRow,
		roleRow,
		isActive,
		TITLE_VALUES,
		titleIndex,
		title,
		DEPARTMENT_VALUES,
		departmentIndex,
		aboutMe,
		street,
		phoneHash,
		mobileHash,
		faxHash,
		phoneField,
		photoBase,
		hasPhoto,
		photo,
		fullName,
		users,
		str,
		pickList
	} = createUserDraws(state, links);
	const fields: FieldDef[] = [
		idField('User ID', users),
		defineField({
			name: 'Username',
			type: 'string',
			length: 80,
			get: (row) => (row === 0 ? `admin@${state.domain}` : `${localPart(row)}.u${row}@${state.domain}`),
			writeJson: writeUsername
		}),
		nameField({ name: 'LastName', length: 80 }, book.lasts, INTEGRATION_LAST),
		choiceField({ name: 'FirstName', type: 'string', length: 40 }, book.firsts, nameIndex),
		nameField({ name: 'Name', label: 'Full Name', length: 121 }, book.fulls, INTEGRATION_FULL),
		choiceField({ name: 'CompanyName', type: 'string', length: 80 }, COMPANIES, (row) =>
			row === 0 ? 0 : h(row, K.company) % COMPANIES.length
		),
		choiceField(
			{ name: 'Division', type: 'string', length: 80 },
			DIVISIONS,
			(row) => h(row, K.division) % DIVISIONS.length
		),
		choiceField({ name: 'Department', type: 'string', length: 80 }, DEPARTMENT_VALUES, departmentIndex),
		choiceField({ name: 'Title', type: 'string', length: 80 }, TITLE_VALUES, titleIndex),
		defineField({ name: 'Street', type: 'textarea', length: 255, get: street }),
		placeField({ name: 'City', length: 40 }, 0),
		placeField({ name: 'State', label: 'State/Province', length: 80 }, 1),
		str(
			{ name: 'PostalCode', label: 'Zip/Postal Code', length: 20 },
			(row) => `${place(row)[3]}${String(h(row, K.postal) % 100).padStart(2, '0')}`
		),
		placeField({ name: 'Country', length: 80 }, 2),
		defineField({ name: 'Email', type: 'email', length: 128, get: email, writeJson: writeEmail }),
		defineField({
			name: 'SenderEmail',
			type: 'email',
			length: 80,
			get: (row) => (h(row, K.sender) % 10 === 0 ? email(row) : null),
			writeJson: (row, out) => (h(row, K.sender) % 10 === 0 ? writeEmail(row, out) : out.bytes(NULL_BYTES))
		}),
		str({ name: 'SenderName', length: 80 }, (row) => (h(row, K.sender) % 10 === 0 ? fullName(row) : null)),
		defineField({
			name: 'Signature',
			type: 'textarea',
			length: 1333,
			get: (row) =>
				h(row, K.signature) % 5 === 0 ? `${fullName(row)}\n${title(row) ?? ''}\n${COMPANIES[0]}` : null
		}),
		phoneField('Phone', phoneHash),
		phoneField('Fax', faxHash),
		phoneField('MobilePhone', mobileHash),
		str({ name: 'Alias', length: 8 }, (row) => (row === 0 ? 'admin' : `u${row.toString(36)}`.slice(0, 8))),
		str({ name: 'CommunityNickname', label: 'Nickname', length: 40 }, (row) =>
			row === 0 ? 'admin' : `${localPart(row).slice(0, 24)}.${row}`
		),
		str({ name: 'BadgeText', length: 80 }, (row) =>
			userType(row) === 'Standard' ? '' : userType(row) === 'Guest' ? 'Guest' : 'Customer'
		),
		choiceField({ name: 'IsActive', label: 'Active', type: 'boolean' }, [false, true], (row) =>
			isActive(row) ? 1 : 0
		),
		pickList(
			'TimeZoneSidKey',
			PLACES.map((p) => p[4]),
			(row) => place(row)[4]
		),
		lookupField(
			{ name: 'UserRoleId', label: 'Role ID', referenceTo: ['UserRole'], relationshipName: 'UserRole' },
			links.roles,
			roleRow
		),
		pickList(
			'LocaleSidKey',
			PLACES.map((p) => p[5]),
			(row) => name(row).locale ?? place(row)[5]
		),
		defineField({
			name: 'ReceivesInfoEmails',
			label: 'Info Emails',
			type: 'boolean',
			get: (row) => h(row, K.info) % 2 === 0
		}),
		pickList('EmailEncodingKey', EMAIL_ENCODINGS, (row) =>
			name(row).locale === 'ja_JP' ? 'Shift_JIS' : 'UTF-8'
		),
		lookupField(
			{ name: 'ProfileId', label: 'Profile ID', referenceTo: ['Profile'], relationshipName: 'Profile' },
			links.profiles,
			profileIndex
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
			USER_TYPE_VALUES,
			(row) => {
				const index = profileIndex(row);
				return index < 0 ? PROFILES.length : index;
			}
		),
		pickList(
			'LanguageLocaleKey',
			PLACES.map((p) => p[6]),
			(row) => name(row).language ?? place(row)[6]
		),
		employeeNumberField({ name: 'EmployeeNumber', length: 20 }, isInternal),
		defineField({
			name: 'DelegatedApproverId',
			label: 'Delegated Approver ID',
			type: 'reference',
			referenceTo: ['Group', 'User'],
			get: () => null
		}),
		lookupField(
			{ name: 'ManagerId', label: 'Manager ID', referenceTo: ['User'], relationshipName: 'Manager' },
			users,
			managerRow
		),
		dateTimeField({ name: 'LastLoginDate' }, (row) => {
			if (row !== 0 && unit(h(row, K.login)) < AWKWARD_DRAW_RATES.neverLoggedIn) return null;
			const created = createdTime(row);
			return Math.max(created, state.today - (h(row, K.lastLogin) % (90 * DAY)));
		}),
		dateTimeField({ name: 'LastPasswordChangeDate' }, (row) => createdTime(row) + (h(row, K.password) % DAY)),
		dateTimeField({ name: 'CreatedDate' }, createdTime),
		lookupField(
			{ name: 'CreatedById', label: 'Created By ID', referenceTo: ['User'], relationshipName: 'CreatedBy' },
			users,
			() => 0
		),
		dateTimeField({ name: 'LastModifiedDate' }, modifiedTime),
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
		dateTimeField({ name: 'SystemModstamp' }, modifiedTime),
		str({ name: 'OutOfOfficeMessage', length: 40 }, (row) =>
			h(row, K.ooo) % 50 === 0 ? 'Out until Monday' : ''
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
		employeeNumberField(
			{ name: 'FederationIdentifier', label: 'SAML Federation ID', length: 512 },
			(row) => isInternal(row) && h(row, K.federation) % 2 === 0
		),
		defineField({ name: 'AboutMe', type: 'textarea', length: 1000, get: aboutMe }),
		defineField({ name: 'FullPhotoUrl', type: 'url', length: 1024, get: (row) => photo(row, 'F') }),
		defineField({
			name: 'SmallPhotoUrl',
			label: 'Photo',
			type: 'url',
			length: 1024,
			get: (row) => photo(row, 'T')
		}),
		defineField({
			name: 'IsExtIndicatorVisible',
			label: 'Show external indicator',
			type: 'boolean',
			get: (row) => !isInternal(row)
		}),
		str({ name: 'MediumPhotoUrl', length: 1024 }, (row) => photo(row, 'M')),
		pickList('DigestFrequency', DIGEST_FREQUENCIES, (row) => pick(DIGEST_FREQUENCIES, h(row, K.digest))),
		defineField({
			name: 'BannerPhotoUrl',
			type: 'url',
			length: 1024,
			get: () => `${photoBase()}005/B`
		}),
		defineField({ name: 'IsProfilePhotoActive', type: 'boolean', get: hasPhoto }),
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
			get: (row) => roleRow(row) > 0 && h(row, K.forecast) % 3 === 0
		}),
		...flagFields(USER_PERMISSIONS, 'UserPermissions', K.permissions),
		...flagFields(USER_PREFERENCES, 'UserPreferences', K.preferences),
		dateTimeField({ name: 'LastViewedDate' }, (row) =>
			h(row, K.viewed) % 3 === 0 ? state.today - (h(row, K.viewedAt) % (30 * DAY)) : null
		),
		dateTimeField({ name: 'LastReferencedDate' }, (row) =>
			h(row, K.viewed) % 3 === 0 ? state.today - (h(row, K.viewedAt) % (30 * DAY)) : null
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
