/** The User object: every field of every user is computed from (seed, row, field) when asked for. */
import { makeId, rowOfId } from './ids';
import { mix, pick, saltOf, unit } from './random';
import {
	dateTimeField,
	defineField,
	defineTable,
	lookupField,
	type FieldDef,
	type FieldValue,
	type SObjectTable
} from './schema';
import { generationOf, versionAdded, type OrgState } from './state';
import {
	ABOUT_ME,
	COMPANIES,
	DEPARTMENTS,
	DIGEST_FREQUENCIES,
	DIVISIONS,
	EMAIL_DOMAINS,
	EMAIL_ENCODINGS,
	EMOJI_FIRST,
	FORMULA_TITLES,
	HOSTILE_ABOUT_ME,
	LATIN_FIRST,
	LATIN_LAST,
	NON_LATIN_NAMES,
	PLACES,
	SHARED_EMAILS,
	STREETS,
	TITLES
} from './words';
import { PROFILES, ROLES } from './catalog';

const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** How often each awkward case is drawn (share of non-admin users); the exact counts are in AwkwardRates. */

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

export const AWKWARD_DRAW_RATES = {
	inactive: 0.15,
	nonLatinName: 0.12,
	emojiName: 0.01,
	sharedEmail: 0.02,
	hostileAboutMe: 0.005,
	longAboutMe: 0.005,
	multiLineAboutMe: 0.02,
	formulaTitle: 0.01,
	protoDepartment: 0.002,
	noManager: 0.08,
	noRole: 0.2,
	multiLineStreet: 0.1,
	neverLoggedIn: 0.1
} as const;

/** Tables the User object links to. */
export interface UserLinks {
	profiles: () => SObjectTable;
	roles: () => SObjectTable;
	users: () => SObjectTable;
}

interface NameParts {
	first: string | null;
	last: string;
	locale: string | null;
	language: string | null;
	script: 'latin' | 'other' | 'emoji';
	/** "first.last" in ASCII, filled in when an e-mail or username first needs it. */
	slug?: string | null;
}

/** Builds the User table over the org state. */
export function createUserTable(state: OrgState, links: UserLinks): SObjectTable {
	const seed = state.seed;
	/** One hash key per generated value, so a value costs a single mix of (key, row). */
	const keyOf = (name: string) => mix(seed, saltOf(name));
	const K: Record<string, number> = Object.fromEntries(
		[
			'aboutMe',
			'active',
			'company',
			'created',
			'department',
			'digest',
			'division',
			'domain',
			'fax',
			'federation',
			'first',
			'forecast',
			'info',
			'last',
			'lastLogin',
			'login',
			'manager',
			'mobile',
			'modified',
			'ooo',
			'password',
			'permissions',
			'phone',
			'photo',
			'place',
			'postal',
			'preferences',
			'profile',
			'role',
			'script',
			'sender',
			'shared',
			'sharedEmail',
			'signature',
			'street',
			'street2',
			'title',
			'viewed',
			'viewedAt'
		].map((name) => [name, keyOf(name)])
	);
	const h = (row: number, key: number) => mix(key, row);
	/** Boolean User fields named prefix + suffix, one bit each of a per-row hash. */
	const flagFields = (suffixes: readonly string[], prefix: string, key: number): FieldDef[] =>
		suffixes.map((suffix, bit) =>
			defineField({
				name: prefix + suffix,
				label: suffix.replace(/([a-z])([A-Z0-9])/g, '$1 $2'),
				type: 'boolean',
				get: (row) => ((h(row, key) >>> bit) & 1) === 1
			})
		);
	/** Key of a value that an edit (applyChanges) redraws. */
	const changed = (row: number, name: string) => {
		const generation = generationOf(state, row);
		return generation === 0 ? K[name] : mix(seed, saltOf(name) + generation * 7919);
	};

	const S_PROFILE = K.profile;
	const S_SCRIPT = K.script;
	const S_FIRST = K.first;
	const S_LAST = K.last;
	const S_PLACE = K.place;
	const S_MANAGER = K.manager;
	const S_ROLE = K.role;

	/** Index into PROFILES, or -1 for the automated-process user kind that has no profile. */
	let profileMemoRow = -1;
	let profileMemo = 0;
	const profileIndex = (row: number): number => {
		if (row === profileMemoRow) return profileMemo;
		profileMemoRow = row;
		profileMemo = computeProfileIndex(row);
		return profileMemo;
	};
	const computeProfileIndex = (row: number): number => {
		if (row === 0) return 0;
		let roll = unit(h(row, S_PROFILE)) * 100;
		for (let i = 0; i < PROFILES.length; i++) {
			roll -= PROFILES[i].weight;
			if (roll < 0) return i;
		}
		return -1;
	};
	const userType = (row: number): string => {
		const index = profileIndex(row);
		return index < 0 ? 'AutomatedProcess' : PROFILES[index].userType;
	};
	const hasNoEmail = (row: number): boolean => {
		const index = profileIndex(row);
		return index < 0 || PROFILES[index].noEmail === true;
	};
	const isInternal = (row: number): boolean => {
		const type = userType(row);
		return type === 'Standard' && !hasNoEmail(row);
	};

	let nameMemoRow = -1;
	let nameMemo: NameParts = { first: null, last: '', locale: null, language: null, script: 'latin' };
	const name = (row: number): NameParts => {
		if (row !== nameMemoRow) {
			nameMemo = computeName(row);
			nameMemoRow = row;
		}
		return nameMemo;
	};
	const computeName = (row: number): NameParts => {
		if (row === 0) return { first: 'Ada', last: 'Admin', locale: null, language: null, script: 'latin' };
		const index = profileIndex(row);
		if (index < 0)
			return { first: null, last: 'Automated Process', locale: null, language: null, script: 'latin' };
		if (PROFILES[index].noEmail)
			return { first: 'Integration', last: `User ${row}`, locale: null, language: null, script: 'latin' };
		const roll = unit(h(row, S_SCRIPT));
		if (roll < AWKWARD_DRAW_RATES.nonLatinName) {
			const picked = pick(NON_LATIN_NAMES, h(row, S_FIRST));
			return {
				first: picked.first,
				last: picked.last,
				locale: picked.locale,
				language: picked.language,
				script: 'other'
			};
		}
		const last = pick(LATIN_LAST, h(row, S_LAST));
		if (roll < AWKWARD_DRAW_RATES.nonLatinName + AWKWARD_DRAW_RATES.emojiName)
			return {
				first: pick(EMOJI_FIRST, h(row, S_FIRST)),
				last,
				locale: null,
				language: null,
				script: 'emoji'
			};
		return { first: pick(LATIN_FIRST, h(row, S_FIRST)), last, locale: null, language: null, script: 'latin' };
	};
	const place = (row: number) => PLACES[row === 0 ? 0 : h(row, S_PLACE) % PLACES.length];
	const localPart = (row: number): string => {
		const parts = name(row);
		if (parts.script !== 'latin' || parts.first === null) return `user${row}`;
		if (!parts.slug) parts.slug = `${asciiSlug(parts.first)}.${asciiSlug(parts.last)}`;
		return parts.slug + row;
	};
	const email = (row: number): string | null => {
		if (row === 0) return `admin@${state.domain}`;
		if (hasNoEmail(row)) return null;
		const roll = unit(h(row, K.sharedEmail));
		if (roll < AWKWARD_DRAW_RATES.sharedEmail)
			return `${pick(SHARED_EMAILS, h(row, K.shared))}@${EMAIL_DOMAINS[0]}`;
		const domainRoll = h(row, K.domain);
		const domain = domainRoll % 10 < 6 ? EMAIL_DOMAINS[0] : pick(EMAIL_DOMAINS, domainRoll >>> 8);
		return `${localPart(row)}@${domain}`;
	};
	const createdTime = (row: number): number => {
		const added = versionAdded(state, row);
		if (added > 0) return state.today + added * 3_600_000 - (h(row, K.created) % 3_000_000);
		if (row === 0) return state.today - 10 * YEAR;
		const span = 10 * YEAR - DAY;
		const step = span / Math.max(1, state.initialUserRows);
		return Math.floor(
			state.today - 10 * YEAR + row * step + (h(row, K.created) % Math.max(1, Math.floor(step)))
		);
	};
	const modifiedTime = (row: number): number => {
		const generation = generationOf(state, row);
		if (generation > 0) return state.today + generation * 3_600_000 + (h(row, K.modified) % 60_000);
		const created = createdTime(row);
		return Math.min(state.today - 1000, created + (h(row, K.modified) % (2 * YEAR)));
	};
	const managerRow = (row: number): number => {
		if (row === 0 || !isInternal(row)) return -1;
		const hash = h(row, S_MANAGER);
		if (unit(hash) < AWKWARD_DRAW_RATES.noManager) return -1;
		return Math.min(row - 1, Math.floor(row / 8) + (hash % 4));
	};
	const roleRow = (row: number): number => {
		if (row === 0) return 0;
		if (!isInternal(row)) return -1;
		const hash = h(row, S_ROLE);
		if (unit(hash) < AWKWARD_DRAW_RATES.noRole) return -1;
		return 1 + ((hash >>> 4) % (ROLES.length - 1));
	};
	const isActive = (row: number): boolean => {
		if (row === 0) return true;
		return unit(h(row, changed(row, 'active'))) >= AWKWARD_DRAW_RATES.inactive;
	};
	const title = (row: number): string | null => {
		if (row === 0) return 'System Administrator';
		const hash = h(row, changed(row, 'title'));
		const roll = unit(hash);
		if (roll < AWKWARD_DRAW_RATES.formulaTitle) return pick(FORMULA_TITLES, hash >>> 3);
		if (roll < 0.1) return null;
		return pick(TITLES, hash >>> 3);
	};
	const department = (row: number): string | null => {
		if (row === 0) return 'IT';
		const hash = h(row, changed(row, 'department'));
		const roll = unit(hash);
		if (roll < AWKWARD_DRAW_RATES.protoDepartment) return '__proto__';
		if (roll < 0.05) return null;
		return pick(DEPARTMENTS, hash >>> 3);
	};
	const aboutMe = (row: number): string | null => {
		if (row === 0) return null;
		const hash = h(row, K.aboutMe);
		let roll = unit(hash);
		if ((roll -= AWKWARD_DRAW_RATES.hostileAboutMe) < 0) return pick(HOSTILE_ABOUT_ME, hash >>> 3);
		if ((roll -= AWKWARD_DRAW_RATES.longAboutMe) < 0) return longText(row, 1000);
		if ((roll -= AWKWARD_DRAW_RATES.multiLineAboutMe) < 0)
			return 'First line\nSecond line, with "quotes", commas\r\nThird line';
		if (roll < 0.3) return pick(ABOUT_ME, hash >>> 3);
		return null;
	};
	const street = (row: number): string | null => {
		const hash = h(row, K.street);
		const line = `${(hash % 900) + 1} ${pick(STREETS, hash >>> 10)}`;
		return unit(h(row, K.street2)) < AWKWARD_DRAW_RATES.multiLineStreet
			? `Building ${((hash >>> 20) % 9) + 1}\n${line}`
			: line;
	};
	const phone = (row: number, kind: string): string | null => {
		const hash = h(row, changed(row, kind));
		if (kind !== 'phone' && hash % 3 === 0) return null;
		return PHONE_AREAS[hash % 700] + FOUR_DIGITS[hash % 10_000];
	};
	const photoBase = () => `https://${state.domain.split('.')[0]}.file.force.com/profilephoto/`;
	const hasPhoto = (row: number) => h(row, K.photo) % 4 === 0;
	const photo = (row: number, size: string) =>
		hasPhoto(row)
			? `${photoBase()}729${links.users().idOf(row).slice(3, 15)}/${size}`
			: `${photoBase()}005/${size}`;
	const fullName = (row: number): string => {
		const parts = name(row);
		return parts.first === null ? parts.last : `${parts.first} ${parts.last}`;
	};
	const users = (): SObjectTable => links.users();

	const str = (
		spec: { name: string; length?: number; label?: string },
		get: (row: number) => FieldValue
	): FieldDef => defineField({ type: 'string', ...spec, get });
	const pickList = (
		fieldName: string,
		values: readonly string[],
		get: (row: number) => string | null
	): FieldDef =>
		defineField({ name: fieldName, type: 'picklist', length: 40, picklistValues: [...values], get });

	const fields: FieldDef[] = [
		defineField({ name: 'Id', label: 'User ID', type: 'id', get: (row) => users().idOf(row) }),
		str({ name: 'Username', length: 80 }, (row) =>
			row === 0 ? `admin@${state.domain}` : `${localPart(row)}.u${row}@${state.domain}`
		),
		str({ name: 'LastName', length: 80 }, (row) => name(row).last),
		str({ name: 'FirstName', length: 40 }, (row) => name(row).first),
		str({ name: 'Name', label: 'Full Name', length: 121 }, fullName),
		str({ name: 'CompanyName', length: 80 }, (row) =>
			row === 0 ? COMPANIES[0] : pick(COMPANIES, h(row, K.company))
		),
		str({ name: 'Division', length: 80 }, (row) => pick(DIVISIONS, h(row, K.division))),
		str({ name: 'Department', length: 80 }, department),
		str({ name: 'Title', length: 80 }, title),
		defineField({ name: 'Street', type: 'textarea', length: 255, get: street }),
		str({ name: 'City', length: 40 }, (row) => place(row)[0]),
		str({ name: 'State', label: 'State/Province', length: 80 }, (row) => place(row)[1]),
		str(
			{ name: 'PostalCode', label: 'Zip/Postal Code', length: 20 },
			(row) => `${place(row)[3]}${String(h(row, K.postal) % 100).padStart(2, '0')}`
		),
		str({ name: 'Country', length: 80 }, (row) => place(row)[2]),
		defineField({ name: 'Email', type: 'email', length: 128, get: email }),
		defineField({
			name: 'SenderEmail',
			type: 'email',
			length: 80,
			get: (row) => (h(row, K.sender) % 10 === 0 ? email(row) : null)
		}),
		str({ name: 'SenderName', length: 80 }, (row) => (h(row, K.sender) % 10 === 0 ? fullName(row) : null)),
		defineField({
			name: 'Signature',
			type: 'textarea',
			length: 1333,
			get: (row) =>
				h(row, K.signature) % 5 === 0 ? `${fullName(row)}\n${title(row) ?? ''}\n${COMPANIES[0]}` : null
		}),
		defineField({ name: 'Phone', type: 'phone', length: 40, get: (row) => phone(row, 'phone') }),
		defineField({
			name: 'Fax',
			type: 'phone',
			length: 40,
			get: (row) => (h(row, K.fax) % 20 === 0 ? phone(row, 'fax') : null)
		}),
		defineField({ name: 'MobilePhone', type: 'phone', length: 40, get: (row) => phone(row, 'mobile') }),
		str({ name: 'Alias', length: 8 }, (row) => (row === 0 ? 'admin' : `u${row.toString(36)}`.slice(0, 8))),
		str({ name: 'CommunityNickname', label: 'Nickname', length: 40 }, (row) =>
			row === 0 ? 'admin' : `${localPart(row).slice(0, 24)}.${row}`
		),
		str({ name: 'BadgeText', length: 80 }, (row) =>
			userType(row) === 'Standard' ? '' : userType(row) === 'Guest' ? 'Guest' : 'Customer'
		),
		defineField({ name: 'IsActive', label: 'Active', type: 'boolean', get: isActive }),
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
		pickList(
			'UserType',
			[
				'Standard',
				'PowerPartner',
				'PowerCustomerSuccess',
				'CustomerSuccess',
				'CspLitePortal',
				'CsnOnly',
				'Guest',
				'AutomatedProcess'
			],
			userType
		),
		pickList(
			'LanguageLocaleKey',
			PLACES.map((p) => p[6]),
			(row) => name(row).language ?? place(row)[6]
		),
		str({ name: 'EmployeeNumber', length: 20 }, (row) =>
			isInternal(row) ? `E${String(100000 + row)}` : null
		),
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
		str({ name: 'FederationIdentifier', label: 'SAML Federation ID', length: 512 }, (row) =>
			isInternal(row) && h(row, K.federation) % 2 === 0 ? `E${String(100000 + row)}` : null
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

/** "+1 (AAA) 555-" for the area codes 200..899, and the line numbers "0000".."9999", made once. */
const PHONE_AREAS = Array.from({ length: 700 }, (_, i) => `+1 (${200 + i}) 555-`);
const FOUR_DIGITS = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0'));

const slugCache = new Map<string, string>();

/** Lower-case ASCII letters of a name (accents dropped), cached: names come from short lists. */
function asciiSlug(text: string): string {
	let value = slugCache.get(text);
	if (value === undefined) {
		value = text
			.normalize('NFD')
			.replace(/[^A-Za-z]/g, '')
			.toLowerCase();
		if (slugCache.size > 10_000) slugCache.clear();
		slugCache.set(text, value);
	}
	return value;
}

/** Text of exactly `length` characters, with words and a line break, that differs per row. */
function longText(row: number, length: number): string {
	const chunk = `Row ${row}: lorem ipsum dolor sit amet, consectetur adipiscing elit — ünïcödé ✓.\n`;
	return chunk.repeat(Math.ceil(length / chunk.length)).slice(0, length);
}
