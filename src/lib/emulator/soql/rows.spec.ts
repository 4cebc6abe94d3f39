import { describe, expect, it } from 'vitest';
import { createOrg } from '../data';
import { planQuery } from './index';
import { options, org, queryFailure, queryRecords, users } from './testing';

describe('planQuery: ORDER BY, LIMIT, OFFSET and queryAll', () => {
	it('orders by several fields with ASC, DESC and NULLS FIRST/LAST, ties broken by Id', () => {
		const { records } = queryRecords(
			'SELECT Id, Department, Name FROM User ORDER BY Department DESC NULLS FIRST, Name ASC'
		);
		const key = (record: Record<string, unknown>) => [
			record.Department === null ? null : String(record.Department).toLowerCase(),
			String(record.Name).toLowerCase()
		];
		for (let i = 1; i < records.length; i++) {
			const [departmentA, nameA] = key(records[i - 1]);
			const [departmentB, nameB] = key(records[i]);
			if (departmentA === departmentB) {
				expect(nameA! <= nameB!).toBe(true);
			} else if (departmentA !== null) {
				expect(departmentB).not.toBeNull();
				expect(departmentA > departmentB!).toBe(true);
			}
		}
		expect(records[0].Department).toBeNull();
		const ascending = queryRecords('SELECT Id, Department FROM User ORDER BY Department').records;
		expect(ascending[0].Department).toBeNull();
		const nullsLast = queryRecords(
			'SELECT Id, Department FROM User ORDER BY Department ASC NULLS LAST'
		).records;
		expect(nullsLast[nullsLast.length - 1].Department).toBeNull();
	});

	it('orders by Id both ways and by parent fields', () => {
		const ids = users.map((user) => user.Id);
		expect(queryRecords('SELECT Id FROM User ORDER BY Id').records.map((record) => record.Id)).toEqual(ids);
		expect(queryRecords('SELECT Id FROM User ORDER BY Id DESC').records.map((record) => record.Id)).toEqual(
			[...ids].reverse()
		);
		const byProfile = queryRecords(
			'SELECT Id, Profile.Name FROM User ORDER BY Profile.Name NULLS LAST'
		).records;
		const names = byProfile.map((record) => (record.Profile as { Name: string } | null)?.Name ?? null);
		const present = names.filter((name): name is string => name !== null);
		expect(present).toEqual(
			[...present].sort((a, b) =>
				a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0
			)
		);
		expect(names.slice(present.length).every((name) => name === null)).toBe(true);
	});

	it('applies LIMIT and OFFSET to totalSize and records', () => {
		const everything = queryRecords('SELECT Id FROM User ORDER BY Id').records;
		const window = queryRecords('SELECT Id FROM User ORDER BY Id LIMIT 7 OFFSET 13');
		expect(window.totalSize).toBe(7);
		expect(window.records).toEqual(everything.slice(13, 20));
		expect(queryRecords('SELECT Id FROM User OFFSET 495').totalSize).toBe(5);
		expect(queryRecords('SELECT Id FROM User OFFSET 2000').totalSize).toBe(0);
		expect(queryRecords('SELECT COUNT() FROM User LIMIT 10').totalSize).toBe(10);
	});

	it('refuses OFFSET above 2000', () => {
		const soql = 'SELECT Id FROM User OFFSET 2001';
		expect(queryFailure(soql)).toMatchObject({
			errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
			message: `\n${soql}\n${' '.repeat(27)}^\nERROR at Row:1:Column:28\nMaximum SOQL offset allowed is 2000`
		});
	});

	it('returns deleted users only to queryAll, with IsDeleted = true', () => {
		const live = queryRecords('SELECT Id, IsDeleted FROM User WHERE IsDeleted = true');
		expect(live.totalSize).toBe(0);
		const deleted = queryRecords('SELECT Id, IsDeleted FROM User WHERE IsDeleted = true', org, true);
		expect(deleted.totalSize).toBe(org.rates.deletedUsers);
		expect(deleted.records.every((record) => record.IsDeleted === true)).toBe(true);
	});

	it('pages to the last record for several page sizes without gaps or repeats', () => {
		const plan = planQuery(
			org,
			'SELECT Id, Name, Manager.Name FROM User WHERE IsActive = true ORDER BY Name',
			options
		);
		const whole = plan.page(0, plan.totalSize);
		expect(whole).toHaveLength(plan.totalSize);
		for (const size of [1, 7, 200, 333, 2000]) {
			const pages: Record<string, unknown>[] = [];
			for (let start = 0; start < plan.totalSize; start += size) pages.push(...plan.page(start, size));
			expect(pages).toEqual(whole);
			expect(new Set(pages.map((record) => record.Id)).size).toBe(plan.totalSize);
		}
		expect(plan.page(plan.totalSize, 10)).toEqual([]);
	});

	it('sees the changes of a new org version', () => {
		const changing = createOrg({ users: 100, seed: 77 });
		const before = queryRecords('SELECT Id, LastModifiedDate FROM User', changing).records;
		changing.applyChanges({ added: 5, removed: 3, changed: 4 });
		const after = queryRecords('SELECT Id, LastModifiedDate FROM User', changing).records;
		expect(after).toHaveLength(102);
		const beforeIds = new Set(before.map((record) => record.Id));
		const afterIds = new Set(after.map((record) => record.Id));
		expect(after.filter((record) => !beforeIds.has(record.Id))).toHaveLength(5);
		expect(before.filter((record) => !afterIds.has(record.Id))).toHaveLength(3);
		const modified = after.filter((record) => {
			const previous = before.find((old) => old.Id === record.Id);
			return previous && previous.LastModifiedDate !== record.LastModifiedDate;
		});
		expect(modified).toHaveLength(4);
		expect(queryRecords('SELECT COUNT() FROM User', changing, true).totalSize).toBe(changing.userRows);
	});
});
