/**
 * Bulk API 2.0 against REST over the same emulated org: the records typed back from Bulk's CSV, and the
 * rows one compiled mapping makes of them, equal REST's field by field and key by key, for several sizes,
 * both download protocols (result pages from 58.0, the Sforce-Locator chain before), queryAll and filters.
 */
import { describe, expect, it } from 'vitest';
import { compileMapping } from '$lib/core/mapping';
import type { MappingSpec } from '$lib/core/model';
import { bulkPages, bulkSetup, byId, countOf, restRecords } from './bulk-support';

const FIELDS =
	'Id, Username, Email, IsActive, Department, Title, CreatedDate, LastLoginDate, AboutMe, Street, ' +
	'Manager.Email, Manager.IsActive, Manager.Manager.Username, Profile.Name, Profile.UserLicense.TotalLicenses, UserRole.Name';

const mapping: MappingSpec = {
	identifier: { expression: 'Email', kind: 'email' },
	fields: [
		{ source: 'Username', target: 'upn', description: '' },
		{ source: 'IsActive', target: 'active', description: '' },
		{ source: 'CreatedDate', target: 'created', description: '' },
		{ source: 'LastLoginDate', target: 'lastLogin', description: '' },
		{ source: 'Manager.Email', target: 'manager', description: '' },
		{ source: 'Manager.Manager.Username', target: 'skip', description: '' },
		{ source: 'Profile.UserLicense.TotalLicenses', target: 'licenses', description: '' },
		{ source: 'AboutMe', target: 'about', description: '' },
		{ source: "$string(IsActive) & ' ' & $substring(CreatedDate, 0, 10)", target: 'label', description: '' },
		{ source: "$exists(Manager) and Manager != null ? 'managed' : 'top'", target: 'kind', description: '' },
		{ source: 'UserRole.Name', target: 'role', description: '' }
	]
};

const json = (value: unknown) => JSON.stringify(value);
const recordId = (record: Record<string, unknown>) => String(record.Id);

async function compare(
	setup: ReturnType<typeof bulkSetup>,
	soql: string,
	options: { all?: boolean; concurrency?: number } = {}
) {
	const rest = await restRecords(setup.client, soql, options.all);
	const pages = await bulkPages(setup.client, soql, options);
	const bulk = pages.flatMap((page) => page.records);
	expect(bulk.length, soql).toBe(rest.length);
	expect(new Set(bulk.map(recordId)).size).toBe(bulk.length);
	const restSorted = byId(rest, recordId);
	const bulkSorted = byId(bulk, recordId);
	for (let i = 0; i < restSorted.length; i++)
		expect(json(bulkSorted[i]), recordId(restSorted[i])).toBe(json(restSorted[i]));
	const compiled = compileMapping(mapping);
	const [restRows, bulkRows] = [await compiled.mapPage(restSorted), await compiled.mapPage(bulkSorted)];
	expect(json(bulkRows)).toBe(json(restRows));
	expect(pages.filter((page) => page.done)).toHaveLength(1);
	expect(pages[pages.length - 1].done).toBe(true);
	return { rest, pages };
}

describe('Bulk records and mapped rows equal REST field by field', () => {
	for (const version of ['62.0', '57.0']) {
		it(`over a whole org of 2,500 users (API ${version})`, async () => {
			const setup = bulkSetup({ users: 2500, bulkPageRecords: 400 }, version);
			const { rest, pages } = await compare(setup, `SELECT ${FIELDS} FROM User`);
			expect(rest.length).toBe(await countOf(setup.client, 'FROM User'));
			expect(pages.length).toBe(Math.ceil(rest.length / 400));
			const nulls = rest.filter((record) => record.Manager === null || record.LastLoginDate === null);
			expect(nulls.length).toBeGreaterThan(0);
			const downloads = setup.stats.requests.filter((request) => request.includes('/results'));
			expect(downloads.length).toBe(pages.length);
			expect(setup.stats.requests.some((request) => request.includes('/resultPages'))).toBe(
				version === '62.0'
			);
		});
	}

	const sizes: [string, number][] = [
		['none', 0],
		['one', 1],
		['one less than a page', 99],
		['exactly a page', 100],
		['one more than a page', 101]
	];
	for (const [name, size] of sizes) {
		for (const version of ['62.0', '57.0']) {
			it(`with ${name} (${size}, API ${version})`, async () => {
				const setup = bulkSetup({ users: 300, bulkPageRecords: 100 }, version);
				const where = size === 0 ? "WHERE Username = 'nobody'" : '';
				const limit = size === 0 ? '' : `ORDER BY Id LIMIT ${size}`;
				const { rest, pages } = await compare(setup, `SELECT ${FIELDS} FROM User ${where} ${limit}`.trim());
				expect(rest).toHaveLength(size);
				expect(pages).toHaveLength(Math.max(1, Math.ceil(size / 100)));
				expect(pages.every((page) => page.totalSize === size)).toBe(true);
			});
		}
	}

	it('with connector filters, queryAll (deleted users) and several downloads in flight', async () => {
		const setup = bulkSetup({ users: 3000, bulkPageRecords: 250 });
		await compare(setup, `SELECT ${FIELDS} FROM User WHERE IsActive = true AND Email LIKE '%example%'`, {
			concurrency: 3
		});
		const { rest } = await compare(setup, `SELECT ${FIELDS} FROM User`, { all: true, concurrency: 8 });
		expect(rest.length).toBe(await countOf(setup.client, 'FROM User', true));
		expect(rest.length).toBeGreaterThan(await countOf(setup.client, 'FROM User'));
	});
});
