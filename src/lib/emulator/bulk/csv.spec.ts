import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createOrg } from '../data';
import { planQuery } from '../soql';
import { csvPage } from './csv';

const org = createOrg({ users: 3000, seed: 9 });
const SOQL =
	'SELECT Id, Username, IsActive, CreatedDate, LastLoginDate, AboutMe, Street, Manager.Email, ' +
	'Manager.IsActive, Profile.UserLicense.TotalLicenses, UserRole.Name FROM User';

/** The REST value at a path of a REST record (null through an empty parent). */
function at(record: Record<string, unknown>, path: string): unknown {
	let value: unknown = record;
	for (const key of path.split('.')) value = value === null ? null : (value as Record<string, unknown>)[key];
	return value;
}

describe('Bulk CSV of a plan', () => {
	const plan = planQuery(org, SOQL, { all: false, apiVersion: '62.0' });
	const { text, records } = csvPage(plan, 0, plan.totalSize);
	const [header, ...rows] = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
	const rest = plan.page(0, plan.totalSize);

	it('has a header of the selected paths in SELECT order and one line per record', () => {
		expect(header).toEqual(SOQL.slice(7, SOQL.indexOf(' FROM')).split(', '));
		expect(records).toBe(plan.totalSize);
		expect(rows).toHaveLength(plan.totalSize);
	});

	it('quotes every value, and writes "" for null and for every field behind an empty lookup', () => {
		const lines = text.split('\n').filter((line) => line !== '');
		expect(lines[1].startsWith('"')).toBe(true);
		const noManager = rest.findIndex((record) => record.Manager === null);
		expect(noManager).toBeGreaterThanOrEqual(0);
		expect(rows[noManager][header.indexOf('Manager.Email')]).toBe('');
		expect(rows[noManager][header.indexOf('Manager.IsActive')]).toBe('');
	});

	it('writes each value as Bulk does: true/false, digits, datetimes in Z, text as is (quotes, commas, lines)', () => {
		let multiLine = 0;
		rows.forEach((row, i) => {
			header.forEach((path, c) => {
				const value = at(rest[i], path);
				const expected =
					value === null
						? ''
						: typeof value === 'string'
							? value.replace(/^(\d{4}-\d\d-\d\dT[\d:.]+)\+0000$/, '$1Z')
							: String(value);
				expect(row[c], `${path} of row ${i}`).toBe(expected);
				if (typeof value === 'string' && value.includes('\n')) multiLine++;
			});
		});
		expect(multiLine).toBeGreaterThan(0);
		expect(text).toMatch(/"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/);
		expect(text).not.toMatch(/\+0000/);
	});
});
