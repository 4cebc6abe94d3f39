/**
 * A seeded, deterministic Salesforce org. Rows are never stored: each value is computed from
 * (seed, row, field) when a query asks for it, so an org of 3,000,000 users costs a few megabytes.
 */
import {
	createLoginHistoryTable,
	createPermissionSetLicenseTable,
	createProfileTable,
	createUserLicenseTable,
	createUserRoleTable,
	LICENSES,
	PROFILES
} from './catalog';
import { hash3, saltOf } from './random';
import type { FieldValue, SObjectTable } from './schema';
import type { OrgState } from './state';
import { createUserTable } from './users';
import { makeId } from './ids';

export type { FieldDef, FieldType, FieldValue, SObjectTable } from './schema';
export { formatDate, formatDateTime } from './schema';
export { AWKWARD_DRAW_RATES } from './user-draws';

/** How to generate an org. */
export interface OrgOptions {
	/** Number of live users, 10..3,000,000. */
	users: number;
	seed: number;
	/** LoginHistory rows per user; default 3. */
	loginHistoryPerUser?: number;
	/** Epoch ms used as "now" for generated dates and date literals; default Date.UTC(2026, 10, 1). */
	today?: number;
}

/** A User as a plain object: every User field, lookups as Ids. */
export type UserRow = Record<string, FieldValue> & {
	Id: string;
	Username: string;
	Email: string | null;
	Name: string;
	FirstName: string | null;
	LastName: string;
	IsActive: boolean;
	IsDeleted: boolean;
	LocaleSidKey: string;
	TimeZoneSidKey: string;
	LanguageLocaleKey: string;
	UserType: string;
	ProfileId: string | null;
	ManagerId: string | null;
	UserRoleId: string | null;
};

/** An exact count of one awkward case among live users, and its share of them. */
export interface RateCount {
	count: number;
	rate: number;
}

/** Exact counts of the awkward cases among live (not deleted) users of the current version. */
export interface AwkwardRates {
	liveUsers: number;
	deletedUsers: number;
	inactive: RateCount;
	noEmail: RateCount;
	/** Users whose e-mail is used by at least one other user. */
	sharedEmail: RateCount;
	nonLatinName: RateCount;
	emojiName: RateCount;
	/** AboutMe holding HTML markup such as `<img src=x onerror=alert(1)>`. */
	htmlAboutMe: RateCount;
	/** Title starting with = + - or @. */
	formulaTitle: RateCount;
	/** Users with a line break in Street, Title, AboutMe or Signature. */
	multiLine: RateCount;
	/** AboutMe at its full length of 1000 characters. */
	longText: RateCount;
	/** Department equal to `__proto__`. */
	protoValue: RateCount;
	noManager: RateCount;
	noRole: RateCount;
	noProfile: RateCount;
	/** Users per e-mail domain (users with an e-mail only). */
	emailDomains: Record<string, number>;
}

/** A generated org. */
export interface Org {
	/** 00D + 15 characters. */
	orgId: string;
	options: OrgOptions;
	/** The org's own domain, used in usernames, e.g. acme-42.example.com. */
	domain: string;
	/** Live (not deleted) users. */
	readonly userCount: number;
	/** Rows of User including deleted ones. */
	readonly userRows: number;
	/** Bumped by every applyChanges. */
	readonly version: number;
	/** Current time of the org: `today` plus an hour per version. */
	now(): number;
	/** The System Administrator, row 0. */
	adminUser: UserRow;
	userById(id: string): UserRow | null;
	userByUsername(username: string): UserRow | null;
	/** The user on a row, deleted or not. */
	userAt(row: number): UserRow;
	readonly rates: AwkwardRates;
	/** Makes the next version: `added` users appended, `removed` users deleted, `changed` users edited. */
	applyChanges(change: { added?: number; removed?: number; changed?: number }): void;
	/** The emulated objects, by name (case-insensitive). */
	table(name: string): SObjectTable | undefined;
	/** Every emulated object, in describeGlobal order. */
	tables(): SObjectTable[];
}

const ORG_ID_DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Generates an org from options; the same options always give the same org. */
export function createOrg(options: OrgOptions): Org {
	if (!Number.isInteger(options.users) || options.users < 10 || options.users > 3_000_000)
		throw new RangeError('users must be an integer from 10 to 3,000,000');
	const seed = options.seed | 0;
	const pod = ORG_ID_DIGITS[10 + (hash3(seed, 0, 1) % 26)] + ORG_ID_DIGITS[hash3(seed, 0, 2) % 62];
	const deletedInitial = Math.max(1, Math.round(options.users * 0.01));
	const rows = options.users + deletedInitial;
	const state: OrgState = {
		seed,
		pod,
		today: options.today ?? Date.UTC(2026, 10, 1),
		domain: `acme-${(seed >>> 0).toString(36)}.example.com`,
		userRows: rows,
		initialUserRows: rows,
		deleted: new Uint8Array(rows),
		deletedCount: 0,
		generation: new Map(),
		deletedIn: new Map(),
		version: 0,
		addedFrom: [],
		loginHistoryPerUser: options.loginHistoryPerUser ?? 3
	};
	for (let k = 0; k < deletedInitial; k++) {
		const row = Math.floor(((k + 0.5) * rows) / deletedInitial) | 1;
		if (state.deleted[row] === 0) {
			state.deleted[row] = 1;
			state.deletedCount++;
		}
	}

	let cachedRates: { version: number; rates: AwkwardRates } | null = null;
	const rates = () => {
		if (cachedRates?.version !== state.version)
			cachedRates = { version: state.version, rates: countAwkward(users) };
		return cachedRates.rates;
	};
	let cachedUsage: { version: number; licenses: number[]; internalActive: number } | null = null;
	const usage = () => {
		if (cachedUsage?.version !== state.version)
			cachedUsage = { version: state.version, ...countLicenses(users) };
		return cachedUsage;
	};
	const links = {
		users: () => users,
		profiles: () => profiles,
		roles: () => roles,
		licenses: () => licenses,
		licenseUsage: () => usage().licenses,
		internalActiveUsers: () => usage().internalActive
	};
	const users = createUserTable(state, links);
	const profiles = createProfileTable(state, links);
	const roles = createUserRoleTable(state, links);
	const licenses = createUserLicenseTable(state, links);
	const permissionSetLicenses = createPermissionSetLicenseTable(state, links);
	const loginHistory = createLoginHistoryTable(state, links);
	const all = [users, profiles, roles, licenses, permissionSetLicenses, loginHistory];
	const byName = new Map(all.map((table) => [table.name.toLowerCase(), table]));

	const usernameField = users.field('Username');
	const userAt = (row: number): UserRow => {
		const user: Record<string, FieldValue> = {};
		for (const field of users.fields) user[field.name] = field.get(row);
		return user as UserRow;
	};

	const org: Org = {
		orgId: makeId('00D', pod, (seed >>> 0) % 56_800_235_584),
		options,
		domain: state.domain,
		get userCount() {
			return users.liveCount();
		},
		get userRows() {
			return state.userRows;
		},
		get version() {
			return state.version;
		},
		now: () => state.today + state.version * 3_600_000,
		adminUser: userAt(0),
		userAt,
		userById(id) {
			const row = users.rowOf(id);
			return row < 0 || state.deleted[row] === 1 ? null : userAt(row);
		},
		userByUsername(username) {
			const wanted = username.toLowerCase();
			const match = /\.u(\d+)@/.exec(wanted);
			const row = wanted === `admin@${state.domain}` ? 0 : match ? Number(match[1]) : -1;
			if (row < 0 || row >= state.userRows || state.deleted[row] === 1) return null;
			return String(usernameField?.get(row)).toLowerCase() === wanted ? userAt(row) : null;
		},
		get rates() {
			return rates();
		},
		applyChanges(change) {
			applyChanges(state, change);
		},
		table: (name) => byName.get(name.toLowerCase()),
		tables: () => all
	};
	return org;
}

function applyChanges(state: OrgState, change: { added?: number; removed?: number; changed?: number }): void {
	const added = Math.max(0, Math.floor(change.added ?? 0));
	const removed = Math.max(0, Math.floor(change.removed ?? 0));
	const changed = Math.max(0, Math.floor(change.changed ?? 0));
	state.version++;
	if (added > 0) {
		const grown = new Uint8Array(state.userRows + added);
		grown.set(state.deleted);
		state.deleted = grown;
		state.addedFrom.push({ version: state.version, row: state.userRows });
		state.userRows += added;
	}
	const salt = saltOf('applyChanges') + state.version;
	const existing = state.userRows - added;
	let live = 0;
	for (let row = 1; row < existing; row++) if (state.deleted[row] === 0) live++;
	const touched = new Set<number>();
	const chooseRows = (count: number, stream: number, use: (row: number) => void) => {
		const wanted = Math.min(count, live - touched.size);
		let chosen = 0;
		for (let attempt = 0; chosen < wanted && attempt < wanted * 50 + 1000; attempt++) {
			const row = 1 + (hash3(state.seed, attempt * 2 + stream, salt) % (existing - 1));
			if (state.deleted[row] === 1 || touched.has(row)) continue;
			touched.add(row);
			use(row);
			chosen++;
		}
	};
	chooseRows(removed, 0, (row) => {
		state.deleted[row] = 1;
		state.deletedCount++;
		state.deletedIn.set(row, state.version);
	});
	chooseRows(changed, 1, (row) => state.generation.set(row, state.version));
}

/** Active users per licence and active internal users: what UserLicense and PermissionSetLicense report. */
function countLicenses(users: SObjectTable): { licenses: number[]; internalActive: number } {
	const read = (name: string) => {
		const field = users.field(name);
		if (!field) throw new Error(`User.${name} is not defined`);
		return field;
	};
	const isActive = read('IsActive').get;
	const userType = read('UserType').get;
	const profileRow = read('ProfileId').parentRow ?? (() => -1);
	const licenses = LICENSES.map(() => 0);
	let internalActive = 0;
	const rows = users.rowCount();
	for (let row = 0; row < rows; row++) {
		if (users.isDeleted(row) || isActive(row) !== true) continue;
		const profile = profileRow(row);
		if (profile >= 0) licenses[PROFILES[profile].license]++;
		if (userType(row) === 'Standard') internalActive++;
	}
	return { licenses, internalActive };
}

function hasLineBreak(value: FieldValue): boolean {
	return typeof value === 'string' && (value.includes('\n') || value.includes('\r'));
}

/** Exact counts of the awkward cases among live users (one pass over every user). */
function countAwkward(users: SObjectTable): AwkwardRates {
	const get = (name: string) => {
		const field = users.field(name);
		if (!field) throw new Error(`User.${name} is not defined`);
		return field.get;
	};
	const [
		isActive,
		email,
		firstName,
		aboutMe,
		title,
		street,
		signature,
		department,
		managerId,
		roleId,
		profileId
	] = [
		'IsActive',
		'Email',
		'FirstName',
		'AboutMe',
		'Title',
		'Street',
		'Signature',
		'Department',
		'ManagerId',
		'UserRoleId',
		'ProfileId'
	].map(get);
	const counts = {
		inactive: 0,
		noEmail: 0,
		nonLatinName: 0,
		emojiName: 0,
		htmlAboutMe: 0,
		formulaTitle: 0,
		multiLine: 0,
		longText: 0,
		protoValue: 0,
		noManager: 0,
		noRole: 0,
		noProfile: 0
	};
	const emailCounts = new Map<string, number>();
	const emailDomains: Record<string, number> = {};
	let live = 0;
	const rows = users.rowCount();
	for (let row = 0; row < rows; row++) {
		if (users.isDeleted(row)) continue;
		live++;
		if (isActive(row) !== true) counts.inactive++;
		const address = email(row);
		if (address === null) counts.noEmail++;
		else {
			const key = String(address).toLowerCase();
			const at = key.indexOf('@');
			// A local part with a digit embeds its row number, so only digit-free addresses can repeat.
			if (!/\d/.test(key.slice(0, at))) emailCounts.set(key, (emailCounts.get(key) ?? 0) + 1);
			const domain = key.slice(at + 1);
			emailDomains[domain] = (emailDomains[domain] ?? 0) + 1;
		}
		const first = firstName(row);
		if (typeof first === 'string' && !/^[\x20-\x7e]*$/.test(first)) {
			if (/\p{Extended_Pictographic}/u.test(first)) counts.emojiName++;
			else if (/[^\p{Script=Latin}\p{P}\s]/u.test(first)) counts.nonLatinName++;
		}
		const about = aboutMe(row);
		if (typeof about === 'string' && /<[a-z]/i.test(about)) counts.htmlAboutMe++;
		if (typeof about === 'string' && about.length >= 1000) counts.longText++;
		const titleValue = title(row);
		if (typeof titleValue === 'string' && /^[=+\-@]/.test(titleValue)) counts.formulaTitle++;
		if (
			hasLineBreak(street(row)) ||
			hasLineBreak(titleValue) ||
			hasLineBreak(about) ||
			hasLineBreak(signature(row))
		)
			counts.multiLine++;
		if (department(row) === '__proto__') counts.protoValue++;
		if (managerId(row) === null) counts.noManager++;
		if (roleId(row) === null) counts.noRole++;
		if (profileId(row) === null) counts.noProfile++;
	}
	let shared = 0;
	for (const count of emailCounts.values()) if (count > 1) shared += count;
	const rate = (count: number): RateCount => ({ count, rate: live === 0 ? 0 : count / live });
	return {
		liveUsers: live,
		deletedUsers: rows - live,
		inactive: rate(counts.inactive),
		noEmail: rate(counts.noEmail),
		sharedEmail: rate(shared),
		nonLatinName: rate(counts.nonLatinName),
		emojiName: rate(counts.emojiName),
		htmlAboutMe: rate(counts.htmlAboutMe),
		formulaTitle: rate(counts.formulaTitle),
		multiLine: rate(counts.multiLine),
		longText: rate(counts.longText),
		protoValue: rate(counts.protoValue),
		noManager: rate(counts.noManager),
		noRole: rate(counts.noRole),
		noProfile: rate(counts.noProfile),
		emailDomains
	};
}
