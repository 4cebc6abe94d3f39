import { describe, expect, it } from 'vitest';
import { createOrg } from './index';
import { JsonBytes } from '../json-bytes';
import { idSuffix, idWriter, makeId, rowOfId } from './ids';

describe('createOrg', () => {
	it('generates the same org from the same options, and another org from another seed', () => {
		const first = createOrg({ users: 200, seed: 11 });
		const second = createOrg({ users: 200, seed: 11 });
		const other = createOrg({ users: 200, seed: 12 });
		expect(first.orgId).toBe(second.orgId);
		for (let row = 0; row < first.userRows; row++) expect(first.userAt(row)).toEqual(second.userAt(row));
		expect(other.orgId).not.toBe(first.orgId);
		const differing = Array.from({ length: 100 }, (_, row) => row).filter(
			(row) => first.userAt(row).Name !== other.userAt(row).Name
		);
		expect(differing.length).toBeGreaterThan(50);
	});

	it('refuses sizes outside 10..3,000,000', () => {
		expect(() => createOrg({ users: 9, seed: 1 })).toThrow(RangeError);
		expect(() => createOrg({ users: 3_000_001, seed: 1 })).toThrow(RangeError);
	});

	it('has a 00D org Id and a System Administrator at row 0', () => {
		const org = createOrg({ users: 50, seed: 3 });
		expect(org.orgId).toMatch(/^00D[0-9A-Za-z]{15}$/);
		expect(org.adminUser).toMatchObject({
			Username: `admin@${org.domain}`,
			Email: `admin@${org.domain}`,
			IsActive: true,
			UserType: 'Standard',
			ManagerId: null
		});
		expect(org.adminUser.Id).toMatch(/^005[0-9A-Za-z]{15}$/);
		expect(org.userById(org.adminUser.Id)).toEqual(org.adminUser);
		expect(org.userById(org.adminUser.Id.slice(0, 15))).toEqual(org.adminUser);
		expect(org.userByUsername(`ADMIN@${org.domain}`)).toEqual(org.adminUser);
		expect(org.userByUsername('nobody@example.com')).toBeNull();
	});

	it('finds every live user by Id and by username, and no deleted one', () => {
		const org = createOrg({ users: 300, seed: 5 });
		let deleted = 0;
		for (let row = 0; row < org.userRows; row++) {
			const user = org.userAt(row);
			if (user.IsDeleted) {
				deleted++;
				expect(org.userById(user.Id)).toBeNull();
				continue;
			}
			expect(org.userById(user.Id)?.Id).toBe(user.Id);
			expect(org.userByUsername(user.Username)?.Id).toBe(user.Id);
		}
		expect(deleted).toBe(org.rates.deletedUsers);
		expect(org.userCount).toBe(300);
	});

	it('fills every User field of SALESFORCE.md §6', () => {
		const org = createOrg({ users: 20, seed: 1 });
		const fields =
			`Id, Name, FirstName, LastName, Username, Alias, Title, EmployeeNumber, Email, Division, Department,
			CompanyName, UserType, UserRoleId, IsActive, Phone, Fax, MobilePhone, Street, City, State, PostalCode, Country,
			LanguageLocaleKey, LocaleSidKey, TimeZoneSidKey, Signature, SenderName, SenderEmail, CreatedDate, CreatedById,
			OutOfOfficeMessage, EmailEncodingKey, ReceivesInfoEmails, FullPhotoUrl, SmallPhotoUrl, MediumPhotoUrl,
			BannerPhotoUrl, IsProfilePhotoActive, ProfileId, IndividualId, CallCenterId, ManagerId, DelegatedApproverId,
			LastViewedDate, LastReferencedDate, LastPasswordChangeDate, LastLoginDate, LastModifiedDate, LastModifiedById,
			FederationIdentifier, DigestFrequency, ContactId, AccountId, CommunityNickname, BadgeText, AboutMe, ForecastEnabled`
				.split(',')
				.map((name) => name.trim());
		const user = org.userAt(3);
		for (const field of fields) expect(user, field).toHaveProperty(field);
		expect(user.CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
	});

	it('builds a manager hierarchy without cycles', () => {
		const org = createOrg({ users: 2000, seed: 8 });
		const users = org.table('User');
		const manager = users?.field('ManagerId')?.parentRow;
		expect(manager).toBeDefined();
		let managed = 0;
		for (let row = 0; row < org.userRows; row++) {
			const parent = manager?.(row) ?? -1;
			if (parent >= 0) {
				managed++;
				expect(parent).toBeLessThan(row);
			}
		}
		expect(managed).toBeGreaterThan(1000);
	});

	it('exposes exact counts of the awkward cases at the documented rates', () => {
		const org = createOrg({ users: 20_000, seed: 21 });
		const rates = org.rates;
		const users = Array.from({ length: org.userRows }, (_, row) => org.userAt(row)).filter(
			(user) => !user.IsDeleted
		);
		const count = (test: (user: (typeof users)[number]) => boolean) => users.filter(test).length;
		expect(rates.liveUsers).toBe(20_000);
		expect(rates.inactive.count).toBe(count((user) => !user.IsActive));
		expect(rates.inactive.rate).toBeGreaterThan(0.13);
		expect(rates.inactive.rate).toBeLessThan(0.17);
		expect(rates.noEmail.count).toBe(count((user) => user.Email === null));
		expect(rates.noEmail.count).toBeGreaterThan(0);
		const emails = new Map<string, number>();
		for (const user of users) if (user.Email) emails.set(user.Email, (emails.get(user.Email) ?? 0) + 1);
		expect(rates.sharedEmail.count).toBe(
			count((user) => user.Email !== null && (emails.get(user.Email) ?? 0) > 1)
		);
		expect(rates.sharedEmail.count).toBeGreaterThan(100);
		expect(Object.keys(rates.emailDomains).length).toBeGreaterThanOrEqual(5);
		expect(rates.htmlAboutMe.count).toBe(count((user) => /<[a-z]/i.test(String(user.AboutMe ?? ''))));
		expect(count((user) => user.AboutMe === '<img src=x onerror=alert(1)>')).toBeGreaterThan(0);
		expect(rates.formulaTitle.count).toBe(count((user) => /^[=+\-@]/.test(String(user.Title ?? ''))));
		for (const start of ['=', '+', '-', '@'])
			expect(
				count((user) => String(user.Title ?? '').startsWith(start)),
				start
			).toBeGreaterThan(0);
		expect(rates.protoValue.count).toBe(count((user) => user.Department === '__proto__'));
		expect(rates.protoValue.count).toBeGreaterThan(0);
		expect(rates.longText.count).toBe(count((user) => String(user.AboutMe ?? '').length >= 1000));
		expect(rates.multiLine.count).toBeGreaterThan(0);
		expect(rates.noManager.count).toBe(count((user) => user.ManagerId === null));
		expect(rates.noRole.count).toBe(count((user) => user.UserRoleId === null));
		expect(rates.nonLatinName.count).toBeGreaterThan(0.08 * 20_000);
		expect(rates.emojiName.count).toBeGreaterThan(0);
		expect(count((user) => /\p{Script=Han}/u.test(user.Name))).toBeGreaterThan(0);
		expect(count((user) => /\p{Script=Cyrillic}/u.test(user.Name))).toBeGreaterThan(0);
	});

	it('applyChanges appends, deletes and edits users deterministically', () => {
		const make = () => createOrg({ users: 1000, seed: 4 });
		const org = make();
		const before = Array.from({ length: org.userRows }, (_, row) => org.userAt(row));
		org.applyChanges({ added: 25, removed: 10, changed: 40 });
		expect(org.version).toBe(1);
		expect(org.userRows).toBe(before.length + 25);
		expect(org.userCount).toBe(1000 + 25 - 10);
		const after = Array.from({ length: org.userRows }, (_, row) => org.userAt(row));
		const removed = before.filter((user, row) => !user.IsDeleted && after[row].IsDeleted);
		const changed = before.filter(
			(user, row) => !after[row].IsDeleted && JSON.stringify(user) !== JSON.stringify(after[row])
		);
		expect(removed).toHaveLength(10);
		expect(changed).toHaveLength(40);
		for (const user of changed) {
			const now = org.userById(user.Id);
			expect(Date.parse(String(now?.LastModifiedDate).replace('+0000', 'Z'))).toBeGreaterThan(
				Date.parse(String(user.LastModifiedDate).replace('+0000', 'Z'))
			);
		}
		const added = after.slice(before.length);
		expect(added.every((user) => !user.IsDeleted)).toBe(true);
		expect(new Set(after.map((user) => user.Id)).size).toBe(after.length);

		const again = make();
		again.applyChanges({ added: 25, removed: 10, changed: 40 });
		for (let row = 0; row < again.userRows; row++) expect(again.userAt(row)).toEqual(after[row]);
	});

	it('moves SystemModstamp past every earlier one for added, edited and deleted users', () => {
		const org = createOrg({ users: 500, seed: 9 });
		const stamp = (user: Record<string, unknown>) =>
			Date.parse(String(user.SystemModstamp).replace('+0000', 'Z'));
		const before = Array.from({ length: org.userRows }, (_, row) => org.userAt(row));
		const latest = Math.max(...before.map(stamp));
		org.applyChanges({ added: 6, removed: 4, changed: 5 });
		const after = Array.from({ length: org.userRows }, (_, row) => org.userAt(row));
		const moved = after.filter((user) => stamp(user) > latest);
		expect(moved).toHaveLength(6 + 4 + 5);
		expect(moved.filter((user) => user.IsDeleted)).toHaveLength(4);
		for (const user of after.slice(before.length))
			expect(stamp(user)).toBe(Date.parse(String(user.CreatedDate).replace('+0000', 'Z')));
	});

	it('gives LoginHistory rows per user, with failures and source IPs', () => {
		const org = createOrg({ users: 100, seed: 2, loginHistoryPerUser: 4 });
		const history = org.table('LoginHistory');
		expect(history?.rowCount()).toBe(org.userRows * 4);
		const status = history?.field('Status');
		const userId = history?.field('UserId');
		const statuses = Array.from({ length: 400 }, (_, row) => status?.get(row));
		expect(statuses.filter((value) => value === 'Success').length).toBeGreaterThan(300);
		expect(statuses.some((value) => value !== 'Success')).toBe(true);
		expect(userId?.get(7)).toBe(org.userAt(1).Id);
		expect(String(history?.field('SourceIp')?.get(0))).toMatch(/^[\d.]+$|:/);
	});

	it('counts licence usage from active users and keeps totals above it', () => {
		const org = createOrg({ users: 5000, seed: 9 });
		const licenses = org.table('UserLicense');
		let used = 0;
		for (let row = 0; row < (licenses?.rowCount() ?? 0); row++) {
			const usedHere = Number(licenses?.field('UsedLicenses')?.get(row));
			expect(Number(licenses?.field('TotalLicenses')?.get(row))).toBeGreaterThanOrEqual(usedHere);
			used += usedHere;
		}
		let activeWithProfile = 0;
		for (let row = 0; row < org.userRows; row++) {
			const user = org.userAt(row);
			if (!user.IsDeleted && user.IsActive && user.ProfileId !== null) activeWithProfile++;
		}
		expect(used).toBe(activeWithProfile);
	});
});

describe('Ids', () => {
	it('round-trips rows, carries the case-safe suffix and sorts like rows', () => {
		const ids = [0, 1, 61, 62, 3843, 2_999_999].map((row) => makeId('005', 'Ab', row));
		expect([...ids].sort()).toEqual(ids);
		expect(ids.map((id) => rowOfId(id, '005', 'Ab'))).toEqual([0, 1, 61, 62, 3843, 2_999_999]);
		expect(rowOfId(ids[1].toLowerCase(), '005', 'Ab')).toBe(-1);
		expect(idSuffix('001A0000006Vm9r')).toBe('IAC');
	});

	it('writes as bytes exactly the Ids it makes as strings, for any row and key prefix', () => {
		for (const [keyPrefix, pod] of [
			['005', 'Ab'],
			['00E', 'Zq'],
			['0Ya', '7x']
		]) {
			const write = idWriter(keyPrefix, pod);
			const out = new JsonBytes(1);
			const rows = [0, 1, 9, 10, 35, 36, 61, 62, 3843, 2_999_999, 62 ** 6 - 1];
			for (let i = 0; i < 2000; i++)
				rows.push(Math.floor((((i * 2654435761) % 2 ** 32) / 2 ** 32) * 62 ** 6));
			for (const row of rows) {
				write(row, out);
				write(row, out);
			}
			const expected = rows.map((row) => makeId(keyPrefix, pod, row).repeat(2)).join('');
			expect(new TextDecoder().decode(out.finish())).toBe(expected);
		}
	});
});
