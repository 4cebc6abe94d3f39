/**
 * What the User object draws per row: profile, name, e-mail, dates, manager, role, title, department,
 * phones and the rest, each from (seed, row, field), memoised for the row last asked for.
 */
import type { JsonBytes } from '../json-bytes';
import { EncodedText, jsonBytesOf, JsonPiece } from '../json-pieces';
import { mix, pick, saltOf, unit } from './random';
import { defineField, choiceField, type FieldDef, type FieldValue, type SObjectTable } from './schema';
import { generationOf, versionAdded, type OrgState } from './state';
import {
	ABOUT_ME,
	DEPARTMENTS,
	EMAIL_DOMAINS,
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
import {
	ADMIN_EMAIL_LOCAL,
	ADMIN_NAME,
	AUTOMATED_NAME,
	EMOJI_NAMES_FROM,
	INTEGRATION_NAME,
	LATIN_NAMES_FROM,
	nameBook,
	NON_LATIN_NAMES_FROM,
	SHARED_EMAIL_LOCALS_FROM,
	type EmailParts,
	type NameParts
} from './user-names';

/** A day in milliseconds. */
export const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** How often each awkward case is drawn (share of non-admin users); the exact counts are in AwkwardRates. */
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

/** The per-row draws of the User object over the org state. */
export function createUserDraws(state: OrgState, links: UserLinks) {
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
	/** Key of a value that an edit (applyChanges) redraws, per row: the seed's until the row is edited. */
	const changeable = (name: string) => {
		const key = K[name];
		const salt = saltOf(name);
		return (row: number): number => {
			const generation = generationOf(state, row);
			return generation === 0 ? key : mix(seed, salt + generation * 7919);
		};
	};
	const activeKey = changeable('active');
	const titleKey = changeable('title');
	const departmentKey = changeable('department');
	const phoneKey = changeable('phone');
	const mobileKey = changeable('mobile');
	const faxKey = changeable('fax');

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
	/** Each profile's user type, then the automated-process user's. */
	const USER_TYPE_VALUES = [...PROFILES.map((profile) => profile.userType), 'AutomatedProcess'];
	const userType = (row: number): string => {
		const index = profileIndex(row);
		return USER_TYPE_VALUES[index < 0 ? PROFILES.length : index];
	};
	const hasNoEmail = (row: number): boolean => {
		const index = profileIndex(row);
		return index < 0 || PROFILES[index].noEmail === true;
	};
	const isInternal = (row: number): boolean => {
		const type = userType(row);
		return type === 'Standard' && !hasNoEmail(row);
	};

	const book = nameBook();
	const lastCount = LATIN_LAST.length;
	/** The index in the name book of a row's name. */
	let nameMemoRow = -1;
	let nameMemo = ADMIN_NAME;
	const nameIndex = (row: number): number => {
		if (row !== nameMemoRow) {
			nameMemo = computeNameIndex(row);
			nameMemoRow = row;
		}
		return nameMemo;
	};
	const computeNameIndex = (row: number): number => {
		if (row === 0) return ADMIN_NAME;
		const index = profileIndex(row);
		if (index < 0) return AUTOMATED_NAME;
		if (PROFILES[index].noEmail) return INTEGRATION_NAME;
		const roll = unit(h(row, S_SCRIPT));
		if (roll < AWKWARD_DRAW_RATES.nonLatinName)
			return NON_LATIN_NAMES_FROM + (h(row, S_FIRST) % NON_LATIN_NAMES.length);
		const last = h(row, S_LAST) % lastCount;
		if (roll < AWKWARD_DRAW_RATES.nonLatinName + AWKWARD_DRAW_RATES.emojiName)
			return EMOJI_NAMES_FROM + (h(row, S_FIRST) % EMOJI_FIRST.length) * lastCount + last;
		return LATIN_NAMES_FROM + (h(row, S_FIRST) % LATIN_FIRST.length) * lastCount + last;
	};
	const name = (row: number): NameParts => book.names[nameIndex(row)];
	/** The name book's index of a row's name, or -1 for integration users, whose names end in their row. */
	const listedNameIndex = (row: number): number => {
		const index = nameIndex(row);
		return index === INTEGRATION_NAME ? -1 : index;
	};
	/** A name field written from the book (`texts`), integration users' "… User 123" from `numbered`. */
	const nameField = (
		spec: { name: string; label?: string; length: number },
		texts: readonly string[],
		numbered: EncodedText
	): FieldDef =>
		choiceField({ type: 'string', ...spec }, texts, listedNameIndex, {
			get: (row) => numbered.text + row,
			writeJson: (row, out) => {
				out.piece(numbered.opened);
				out.digits(row);
				out.byte(QUOTE);
			}
		});
	const placeIndex = (row: number) => (row === 0 ? 0 : h(row, S_PLACE) % PLACES.length);
	const place = (row: number) => PLACES[placeIndex(row)];
	/** A field of the user's place (city, state…): column `column` of PLACES. */
	const placeField = (spec: { name: string; label?: string; length: number }, column: number): FieldDef =>
		choiceField(
			{ type: 'string', ...spec },
			PLACES.map((entry) => entry[column]),
			placeIndex
		);
	const localPart = (row: number): string => name(row).local + row;
	const orgDomain = new EncodedText(`@${state.domain}`);
	/** Fills `parts` with a user's e-mail address; false when the user has none. */
	const drawEmail = (row: number, parts: EmailParts): boolean => {
		if (row === 0) {
			parts.local = ADMIN_EMAIL_LOCAL;
			parts.number = -1;
			parts.domain = orgDomain;
			return true;
		}
		if (hasNoEmail(row)) return false;
		if (unit(h(row, K.sharedEmail)) < AWKWARD_DRAW_RATES.sharedEmail) {
			parts.local = SHARED_EMAIL_LOCALS_FROM + (h(row, K.shared) % SHARED_EMAILS.length);
			parts.number = -1;
			parts.domain = EMAIL_DOMAIN_TEXTS[0];
			return true;
		}
		const domainRoll = h(row, K.domain);
		parts.local = nameIndex(row);
		parts.number = row;
		parts.domain = domainRoll % 10 < 6 ? EMAIL_DOMAIN_TEXTS[0] : pick(EMAIL_DOMAIN_TEXTS, domainRoll >>> 8);
		return true;
	};
	/** The e-mail address of the row last asked for, in one object reused from row to row. */
	const emailMemo: EmailParts = { local: ADMIN_EMAIL_LOCAL, number: -1, domain: orgDomain };
	let emailMemoRow = -1;
	let emailMemoDrawn = false;
	const emailParts = (row: number): EmailParts | null => {
		if (row !== emailMemoRow) {
			emailMemoDrawn = drawEmail(row, emailMemo);
			emailMemoRow = row;
		}
		return emailMemoDrawn ? emailMemo : null;
	};
	const email = (row: number): string | null => {
		const parts = emailParts(row);
		return parts === null
			? null
			: `${book.emailLocals[parts.local]}${parts.number < 0 ? '' : parts.number}${parts.domain.text}`;
	};
	const writeEmail = (row: number, out: JsonBytes): void => {
		const parts = emailParts(row);
		if (parts === null) return out.bytes(NULL_BYTES);
		book.openedEmailLocals.write(parts.local, out);
		if (parts.number >= 0) out.digits(parts.number);
		out.piece(parts.domain.closed);
	};
	const writeUsername = (row: number, out: JsonBytes): void => {
		if (row === 0) book.openedEmailLocals.write(ADMIN_EMAIL_LOCAL, out);
		else {
			book.openedEmailLocals.write(nameIndex(row), out);
			out.digits(row);
			out.piece(DOT_U);
			out.digits(row);
		}
		out.piece(orgDomain.closed);
	};
	/** An employee-number field ("E" and a number, for internal users): `has` says which rows have one. */
	const employeeNumberField = (
		spec: { name: string; label?: string; length: number },
		has: (row: number) => boolean
	): FieldDef =>
		defineField({
			type: 'string',
			...spec,
			get: (row) => (has(row) ? `E${100000 + row}` : null),
			writeJson: (row, out) => {
				if (!has(row)) return out.bytes(NULL_BYTES);
				out.bytes(QUOTE_E);
				out.digits(100000 + row);
				out.byte(QUOTE);
			}
		});
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
		const generation = Math.max(generationOf(state, row), state.deletedIn.get(row) ?? 0);
		if (generation > 0) return state.today + generation * 3_600_000 + (h(row, K.modified) % 60_000);
		const created = createdTime(row);
		// A user added by an edit was last modified when it was created.
		if (versionAdded(state, row) > 0) return created;
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
		return unit(h(row, activeKey(row))) >= AWKWARD_DRAW_RATES.inactive;
	};
	/** Titles: the usual ones, then formula-like ones, no title, and the admin's. */
	const TITLE_VALUES = [...TITLES, ...FORMULA_TITLES, null, 'System Administrator'];
	const titleIndex = (row: number): number => {
		if (row === 0) return TITLE_VALUES.length - 1;
		const hash = h(row, titleKey(row));
		const roll = unit(hash);
		if (roll < AWKWARD_DRAW_RATES.formulaTitle) return TITLES.length + ((hash >>> 3) % FORMULA_TITLES.length);
		if (roll < 0.1) return TITLE_VALUES.length - 2;
		return (hash >>> 3) % TITLES.length;
	};
	const title = (row: number) => TITLE_VALUES[titleIndex(row)];
	/** Departments: the usual ones, then "__proto__" and no department. */
	const DEPARTMENT_VALUES = [...DEPARTMENTS, '__proto__', null];
	const departmentIndex = (row: number): number => {
		if (row === 0) return DEPARTMENTS.indexOf('IT');
		const hash = h(row, departmentKey(row));
		const roll = unit(hash);
		if (roll < AWKWARD_DRAW_RATES.protoDepartment) return DEPARTMENTS.length;
		if (roll < 0.05) return DEPARTMENTS.length + 1;
		return (hash >>> 3) % DEPARTMENTS.length;
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
	/** The hashes phone numbers are drawn from, or -1 for none (every user has a main phone). */
	const phoneHash = (row: number): number => h(row, phoneKey(row));
	const mobileHash = (row: number): number => {
		const hash = h(row, mobileKey(row));
		return hash % 3 === 0 ? -1 : hash;
	};
	const faxHash = (row: number): number => {
		if (h(row, K.fax) % 20 !== 0) return -1;
		const hash = h(row, faxKey(row));
		return hash % 3 === 0 ? -1 : hash;
	};
	/** A phone field drawn from `hashOf`. */
	const phoneField = (fieldName: string, hashOf: (row: number) => number): FieldDef =>
		defineField({
			name: fieldName,
			type: 'phone',
			length: 40,
			get: (row) => {
				const hash = hashOf(row);
				return hash < 0 ? null : PHONE_AREAS[hash % 700] + FOUR_DIGITS[hash % 10_000];
			},
			writeJson: (row, out) => {
				const hash = hashOf(row);
				if (hash < 0) return out.bytes(NULL_BYTES);
				out.piece(PHONE_OPENING);
				out.digits(200 + (hash % 700));
				out.piece(PHONE_EXCHANGE);
				out.paddedDigits(hash % 10_000, 4);
				out.byte(QUOTE);
			}
		});
	const photoBase = () => `https://${state.domain.split('.')[0]}.file.force.com/profilephoto/`;
	const hasPhoto = (row: number) => h(row, K.photo) % 4 === 0;
	const photo = (row: number, size: string) =>
		hasPhoto(row)
			? `${photoBase()}729${links.users().idOf(row).slice(3, 15)}/${size}`
			: `${photoBase()}005/${size}`;
	const fullName = (row: number): string => {
		const index = nameIndex(row);
		return index === INTEGRATION_NAME ? INTEGRATION_FULL.text + row : book.fulls[index];
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
	return {
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
	};
}

/** "+1 (AAA) 555-" for the area codes 200..899, and the line numbers "0000".."9999", made once. */
const PHONE_AREAS = Array.from({ length: 700 }, (_, i) => `+1 (${200 + i}) 555-`);
const FOUR_DIGITS = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0'));
/** The constant pieces of a phone number's JSON, around its area code and line number. */
const PHONE_OPENING = JsonPiece.of('"+1 (');
const PHONE_EXCHANGE = JsonPiece.of(') 555-');
const QUOTE = 0x22;
/** The JSON of a null value. */
export const NULL_BYTES = jsonBytesOf('null');
const DOT_U = JsonPiece.of('.u');
const QUOTE_E = jsonBytesOf('"E');
/** Integration users' last and full names, before their row number. */
export const INTEGRATION_LAST = new EncodedText('User ');
/** Integration users' full names, before their row number. */
export const INTEGRATION_FULL = new EncodedText('Integration User ');
const EMAIL_DOMAIN_TEXTS = EMAIL_DOMAINS.map((text) => new EncodedText(`@${text}`));

/** Text of exactly `length` characters, with words and a line break, that differs per row. */
function longText(row: number, length: number): string {
	const chunk = `Row ${row}: lorem ipsum dolor sit amet, consectetur adipiscing elit — ünïcödé ✓.\n`;
	return chunk.repeat(Math.ceil(length / chunk.length)).slice(0, length);
}
