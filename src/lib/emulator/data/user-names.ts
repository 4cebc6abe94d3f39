/**
 * The name book of the User object: every name a user can have, at a fixed index, with the texts its
 * fields are written from, and the e-mail local parts made from the names.
 */
import { EncodedText, PackedJson } from '../json-pieces';
import { EMOJI_FIRST, LATIN_FIRST, LATIN_LAST, NON_LATIN_NAMES, SHARED_EMAILS } from './words';

const USER_LOCAL = 'user';
const ADMIN_LOCAL = 'admin';

/** A user's name: names come from short lists, so each is shared between many users. */
export interface NameParts {
	first: string | null;
	last: string;
	/** "First Last", or "Last" alone. */
	full: string;
	locale: string | null;
	language: string | null;
	script: 'latin' | 'other' | 'emoji';
	/** What the user's e-mail and username start with, before the row number: "first.last" or "user". */
	local: string;
}

/** A user's name parts; the e-mail's local part is made from Latin names, "user" stands for the others. */
function nameParts(
	first: string | null,
	last: string,
	script: NameParts['script'],
	locale: string | null = null,
	language: string | null = null
): NameParts {
	return {
		first,
		last,
		full: first === null ? last : `${first} ${last}`,
		locale,
		language,
		script,
		local: script === 'latin' && first !== null ? `${asciiSlug(first)}.${asciiSlug(last)}` : USER_LOCAL
	};
}

/**
 * Where each kind of name sits in the name book: the admin, the automated-process user, integration users
 * (whose last and full names end in their row number), then the non-Latin, emoji and Latin names.
 */
export const ADMIN_NAME = 0;
export const AUTOMATED_NAME = 1;
export const INTEGRATION_NAME = 2;
export const NON_LATIN_NAMES_FROM = 3;
export const EMOJI_NAMES_FROM = NON_LATIN_NAMES_FROM + NON_LATIN_NAMES.length;
export const LATIN_NAMES_FROM = EMOJI_NAMES_FROM + EMOJI_FIRST.length * LATIN_LAST.length;

/** Every name a user can have, each at a fixed index, with the texts its fields are written from. */
export interface NameBook {
	names: NameParts[];
	firsts: (string | null)[];
	lasts: string[];
	fulls: string[];
	/** Every e-mail local part: each name's (by name index), then "admin", then the shared mailboxes. */
	emailLocals: string[];
	/** The same, JSON-opened (with their opening quote), packed: usernames and e-mails start with one. */
	openedEmailLocals: PackedJson;
}

/** Index in `NameBook.emailLocals` of the admin's local part, and of the first shared mailbox. */
export const ADMIN_EMAIL_LOCAL = LATIN_NAMES_FROM + LATIN_FIRST.length * LATIN_LAST.length;
export const SHARED_EMAIL_LOCALS_FROM = ADMIN_EMAIL_LOCAL + 1;

let nameBookMade: NameBook | null = null;

/** The name book, made on first use (the same for every org). */
export function nameBook(): NameBook {
	if (nameBookMade) return nameBookMade;
	const lastCount = LATIN_LAST.length;
	const names = [
		nameParts('Ada', 'Admin', 'latin'),
		nameParts(null, 'Automated Process', 'latin'),
		nameParts('Integration', 'User ', 'latin'),
		...NON_LATIN_NAMES.map((picked) =>
			nameParts(picked.first, picked.last, 'other', picked.locale, picked.language)
		),
		...Array.from({ length: EMOJI_FIRST.length * lastCount }, (_, index) =>
			nameParts(EMOJI_FIRST[Math.floor(index / lastCount)], LATIN_LAST[index % lastCount], 'emoji')
		),
		...Array.from({ length: LATIN_FIRST.length * lastCount }, (_, index) =>
			nameParts(LATIN_FIRST[Math.floor(index / lastCount)], LATIN_LAST[index % lastCount], 'latin')
		)
	];
	const emailLocals = [...names.map((parts) => parts.local), ADMIN_LOCAL, ...SHARED_EMAILS];
	nameBookMade = {
		names,
		firsts: names.map((parts) => parts.first),
		lasts: names.map((parts) => parts.last),
		fulls: names.map((parts) => parts.full),
		emailLocals,
		openedEmailLocals: new PackedJson(emailLocals.map((local) => new EncodedText(local).opened.bytes))
	};
	return nameBookMade;
}

/** An e-mail address in pieces: the local part, the row number after it (or -1) and "@domain". */
export interface EmailParts {
	/** Index of the local part in `NameBook.emailLocals`. */
	local: number;
	number: number;
	domain: EncodedText;
}

/** Lower-case ASCII letters of a name (accents dropped). */
function asciiSlug(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[^A-Za-z]/g, '')
		.toLowerCase();
}
