/**
 * What an org counts over its users, one pass each: the exact rates of the awkward cases among live
 * users, and the active users per licence that UserLicense and PermissionSetLicense report.
 */
import { LICENSES, PROFILES } from './catalog';
import type { FieldValue, SObjectTable } from './schema';

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

/** Active users per licence and active internal users: what UserLicense and PermissionSetLicense report. */
export function countLicenses(users: SObjectTable): { licenses: number[]; internalActive: number } {
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
export function countAwkward(users: SObjectTable): AwkwardRates {
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
