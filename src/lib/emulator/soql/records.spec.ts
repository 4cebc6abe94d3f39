import { describe, expect, it } from 'vitest';
import { createOrg } from '../data';
import { defineField, defineTable, type FieldValue } from '../data/schema';
import { planQuery } from './index';
import { JsonBytes } from '../json-bytes';
import { recordBuilder, recordWriter, type RecordShape } from './records';
import { expectSameBytes, stringified } from '../testing';

const decoder = new TextDecoder();

describe('QueryPlan.pageJson', () => {
	const org = createOrg({ users: 3000, seed: 7 });
	const userFields = (org.table('User')?.fields ?? []).map((field) => field.name).join(', ');

	/** Every page of every batch size equals the encoded JSON.stringify of the records; returns the text. */
	function checkPages(soql: string, all = false): string {
		const plan = planQuery(org, soql, { all, apiVersion: '66.0' });
		let text = '';
		for (const size of [1, 7, 200, 2000]) {
			for (let start = 0; start <= plan.totalSize; start += size) {
				const records = plan.page(start, size);
				const page = plan.pageJson(start, size);
				expect(page.length, soql).toBe(records.length);
				expectSameBytes(page.bytes, stringified(records), `${soql} [${start}, +${size})`);
				if (size === 2000) text += decoder.decode(page.bytes);
			}
		}
		return text;
	}

	it('gives the bytes JSON.stringify gives for every User field, awkward values included', () => {
		const text = checkPages(`SELECT ${userFields} FROM User`);
		for (const awkward of ['\\"', '\\n', '\\r\\n', '"Department":"__proto__"', '"Title":"=', 'onerror'])
			expect(text).toContain(awkward);
		expect(text).toMatch(/\p{Extended_Pictographic}/u);
		expect(text).toMatch(/\p{Script=Han}|\p{Script=Cyrillic}|\p{Script=Arabic}|\p{Script=Greek}/u);
		expect(text).toMatch(/"IsActive":false/);
		expect(text).toMatch(/"LastLoginDate":null/);
		expect(text).toMatch(/"CreatedDate":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000"/);
	});

	it('gives the same bytes for rows added, removed and edited by applyChanges', () => {
		const edited = createOrg({ users: 2000, seed: 11 });
		edited.applyChanges({ added: 150, removed: 40, changed: 400 });
		const fields = (edited.table('User')?.fields ?? []).map((field) => field.name).join(', ');
		for (const all of [false, true]) {
			const plan = planQuery(edited, `SELECT ${fields} FROM User`, { all, apiVersion: '66.0' });
			for (let start = 0; start < plan.totalSize; start += 500)
				expectSameBytes(
					plan.pageJson(start, 500).bytes,
					stringified(plan.page(start, 500)),
					`edited org, all=${all} [${start}, +500)`
				);
		}
	});

	it('nests parents with their attributes, shares small parents and writes empty lookups as null', () => {
		const text = checkPages(
			'SELECT Id, Manager.Name, Manager.Manager.Email, Profile.Name, Profile.UserLicense.Name, ' +
				'UserRole.Name, CreatedBy.Username, Name FROM User ORDER BY LastName DESC NULLS LAST, Id'
		);
		expect(text).toContain('"Manager":null');
		expect(text).toContain('"UserRole":null');
		expect(text).toContain(
			'"Manager":{"attributes":{"type":"User","url":"/services/data/v66.0/sobjects/User/'
		);
		expect(text).toContain('"UserLicense":{"attributes":{"type":"UserLicense"');
	});

	it('matches for filters, queryAll, LIMIT, OFFSET, other objects, numbers, dates and aggregates', () => {
		const queries = [
			"SELECT Id, Name, Email FROM User WHERE IsActive = false AND Email LIKE '%example%'",
			'SELECT Id, IsDeleted, Name FROM User',
			'SELECT Name, Manager.Id, Manager.Name, Id FROM User',
			'SELECT Manager.Email, FirstName, Id, LastName FROM User',
			'SELECT Username, Title FROM User ORDER BY Title NULLS FIRST LIMIT 1500 OFFSET 700',
			'SELECT FIELDS(ALL) FROM UserLicense LIMIT 200',
			'SELECT FIELDS(ALL) FROM Profile LIMIT 200',
			'SELECT FIELDS(ALL) FROM UserRole LIMIT 200',
			'SELECT FIELDS(ALL) FROM PermissionSetLicense LIMIT 200',
			'SELECT Id, UserId, LoginTime, Status, SourceIp FROM LoginHistory',
			'SELECT COUNT() FROM User',
			'SELECT COUNT(Id), COUNT(ManagerId) FROM User',
			'SELECT Id FROM User LIMIT 0'
		];
		for (const soql of queries) checkPages(soql);
		checkPages('SELECT Id, IsDeleted, Name FROM User WHERE IsDeleted = true', true);
		expect(checkPages('SELECT Name, TotalLicenses, UsedLicenses FROM UserLicense')).toMatch(
			/"TotalLicenses":\d+/
		);
	});
});

describe('recordWriter', () => {
	it('falls back to JSON.stringify when object key order would differ from the SELECT order', () => {
		const field = (name: string, value: FieldValue) =>
			defineField({ name, type: 'string', get: () => value });
		const fields = [
			field('Name', 'a "name"'),
			field('2', 'two'),
			field('__proto__', 'proto'),
			field('Z', null)
		];
		const table = defineTable({
			name: 'Odd',
			label: 'Odd',
			labelPlural: 'Odds',
			keyPrefix: 'a00',
			fields,
			rowCount: () => 3,
			idOf: (row) => `a00${row}`,
			rowOf: () => -1
		});
		const shapes: RecordShape[] = [
			{ table, entries: fields.map((entry) => ({ kind: 'field', key: entry.name, field: entry })) },
			{
				table,
				entries: [
					{ kind: 'field', key: 'Name', field: fields[0] },
					{ kind: 'field', key: 'Name', field: fields[3] }
				]
			},
			{ table, entries: [{ kind: 'field', key: 'attributes', field: fields[0] }] }
		];
		for (const shape of shapes) {
			const build = recordBuilder(shape, '/services/data/v66.0/sobjects/');
			const write = recordWriter(shape, '/services/data/v66.0/sobjects/');
			const out = new JsonBytes();
			write(1, out);
			expectSameBytes(out.finish(), stringified(build(1)), JSON.stringify(shape.entries.map((e) => e.key)));
		}
	});
});
