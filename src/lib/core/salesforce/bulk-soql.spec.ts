import { describe, expect, it } from 'vitest';
import { bulkUnsupportedReason, planBulkQuery } from './bulk-soql';

describe('bulkUnsupportedReason', () => {
	it('names what Bulk API 2.0 does not run', () => {
		const cases: [string, RegExp][] = [
			['SELECT Department, COUNT(Id) FROM User GROUP BY Department', /GROUP BY/],
			['SELECT Id FROM User OFFSET 10', /OFFSET/],
			['SELECT COUNT() FROM User', /aggregate functions \(COUNT\(\)\)/],
			['SELECT MAX(CreatedDate) FROM User', /aggregate functions \(MAX\(\)\)/],
			['SELECT FIELDS(STANDARD) FROM User', /FIELDS\(\)/],
			['SELECT Id, (SELECT Id FROM Contacts) FROM Account', /subqueries/],
			['SELECT TYPEOF Owner WHEN User THEN Name END FROM Account', /TYPEOF/],
			['SELECT toLabel(LanguageLocaleKey) FROM User', /toLabel\(\) .* REST only/],
			['SELEC Id FROM User', /could not be read/]
		];
		for (const [soql, reason] of cases) expect(bulkUnsupportedReason(soql), soql).toMatch(reason);
	});

	it('lets plain queries, parent paths, WHERE, ORDER BY and LIMIT through', () => {
		for (const soql of [
			'SELECT Id, Manager.Email FROM User',
			"SELECT Id FROM User WHERE IsActive = true AND Email LIKE '%@acme.com' ORDER BY Id LIMIT 5"
		])
			expect(bulkUnsupportedReason(soql), soql).toBeNull();
	});
});

describe('planBulkQuery', () => {
	it('adds Id and the Id of every parent on a selected path, once, and remembers what it added', () => {
		const plan = planBulkQuery(
			'SELECT Username, Manager.Email, Manager.Manager.Name, Profile.Name FROM User'
		);
		expect(plan.selected).toEqual(['Username', 'Manager.Email', 'Manager.Manager.Name', 'Profile.Name']);
		expect(plan.added).toEqual(['id', 'manager.id', 'manager.manager.id', 'profile.id']);
		expect(plan.soql).toBe(
			'SELECT Username, Manager.Email, Manager.Manager.Name, Profile.Name, Id, Manager.Id, Manager.Manager.Id, Profile.Id FROM User'
		);
	});

	it('keeps the query as written when every Id is selected already (any case)', () => {
		const soql = 'SELECT id, Manager.ID, Manager.Email FROM User WHERE IsActive = true';
		expect(planBulkQuery(soql)).toEqual({ soql, selected: ['id', 'Manager.ID', 'Manager.Email'], added: [] });
	});

	it('refuses a query Bulk cannot run', () => {
		expect(() => planBulkQuery('SELECT COUNT() FROM User')).toThrow(/aggregate/);
	});
});
