/**
 * A seeded, deterministic Salesforce org. Rows are never stored: each value is computed from
 * (seed, row, field) when a query asks for it, so an org of 3,000,000 users costs a few megabytes.
 */
import {
	createLoginHistoryTable,
	createPermissionSetLicenseTable,
	createProfileTable,
	createUserLicenseTable,
	createUserRoleTable
} from './catalog';
import { hash3, saltOf } from './random';
import type { FieldValue, SObjectTable } from './schema';
import { countAwkward, countLicenses, type AwkwardRates } from './rates';
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
