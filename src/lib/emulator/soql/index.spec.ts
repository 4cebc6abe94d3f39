import { describe, expect, it } from 'vitest';
import { planQuery } from './index';
import { org, queryFailure, queryRecords, users } from './testing';

describe('planQuery: SELECT and record shape', () => {
	it('returns fields in SELECT order with attributes on every record', () => {
		const { totalSize, records } = queryRecords('SELECT Name, Id, Email FROM User');
		expect(totalSize).toBe(500);
		expect(Object.keys(records[0])).toEqual(['attributes', 'Name', 'Id', 'Email']);
		expect(records[0].attributes).toEqual({
			type: 'User',
			url: `/services/data/v65.0/sobjects/User/${records[0].Id}`
		});
		expect(records.map((record) => record.Id)).toEqual(users.map((user) => user.Id));
	});

	it('uses Salesforce casing for fields and objects whatever the query says', () => {
		const { records } = queryRecords('select id, NAME, profile.name from user limit 1');
		expect(Object.keys(records[0])).toEqual(['attributes', 'Id', 'Name', 'Profile']);
		expect(Object.keys(records[0].Profile as object)).toEqual(['attributes', 'Name']);
	});

	it('nests parent paths up to five levels, each with attributes, and null for empty lookups', () => {
		const { records } = queryRecords(
			'SELECT Id, Manager.Manager.Email, Profile.UserLicense.Name, UserRole.Name, CreatedBy.Name, ' +
				'Manager.Manager.Manager.Manager.Manager.Name FROM User'
		);
		const everyRow = Array.from({ length: org.userRows }, (_, row) => org.userAt(row));
		const byId = new Map(everyRow.map((user) => [user.Id, user]));
		let nested = 0;
		for (const record of records) {
			const user = byId.get(String(record.Id));
			const manager = user?.ManagerId ? byId.get(user.ManagerId) : null;
			if (!manager) expect(record.Manager).toBeNull();
			else {
				const managerRecord = record.Manager as Record<string, unknown>;
				expect(managerRecord.attributes).toEqual({
					type: 'User',
					url: `/services/data/v65.0/sobjects/User/${manager.Id}`
				});
				const grand = manager.ManagerId ? byId.get(manager.ManagerId) : null;
				if (grand) {
					nested++;
					expect((managerRecord.Manager as Record<string, unknown>).Email).toBe(grand.Email);
				} else expect(managerRecord.Manager).toBeNull();
			}
			if (user?.UserRoleId === null) expect(record.UserRole).toBeNull();
			expect((record.CreatedBy as Record<string, unknown>).Name).toBe(org.adminUser.Name);
		}
		expect(nested).toBeGreaterThan(100);
		const admin = records[0];
		expect((admin.Profile as { UserLicense: Record<string, unknown> }).UserLicense).toEqual({
			attributes: {
				type: 'UserLicense',
				url: expect.stringMatching(/^\/services\/data\/v65\.0\/sobjects\/UserLicense\/100/)
			},
			Name: 'Salesforce'
		});
	});

	it('refuses a sixth relationship level', () => {
		const error = queryFailure('SELECT Manager.Manager.Manager.Manager.Manager.Manager.Name FROM User');
		expect(error.errorCode).toBe('MALFORMED_QUERY');
	});

	it('expands FIELDS(STANDARD) to every field in describe order', () => {
		const { records } = queryRecords('SELECT FIELDS(STANDARD) FROM User LIMIT 1');
		const fields = org.table('User')?.fields.map((field) => field.name);
		expect(Object.keys(records[0])).toEqual(['attributes', ...(fields ?? [])]);
		expect(records[0]).toMatchObject(users[0]);
	});

	it('requires LIMIT 200 for FIELDS(ALL)', () => {
		expect(queryFailure('SELECT FIELDS(ALL) FROM User').message).toContain('LIMIT of at most 200');
		expect(queryRecords('SELECT FIELDS(ALL) FROM User LIMIT 200').totalSize).toBe(200);
	});

	it('queries every emulated object', () => {
		expect(queryRecords('SELECT Id, Name, UserLicense.Name FROM Profile').totalSize).toBeGreaterThan(5);
		expect(
			queryRecords('SELECT Id, Name, ForecastUser.Name, ForecastUserId FROM UserRole').totalSize
		).toBeGreaterThan(5);
		expect(queryRecords('SELECT Name, TotalLicenses, UsedLicenses FROM UserLicense').totalSize).toBe(8);
		expect(
			queryRecords(
				'SELECT DeveloperName, TotalLicenses, UsedLicenses, ExpirationDate FROM PermissionSetLicense'
			).totalSize
		).toBe(5);
		const history = queryRecords(
			"SELECT UserId, LoginTime, Status, SourceIp FROM LoginHistory WHERE Status != 'Success'"
		);
		expect(history.totalSize).toBeGreaterThan(50);
		expect(history.records.every((record) => record.Status !== 'Success')).toBe(true);
	});

	it('answers COUNT() with totalSize and no records, and COUNT(field) as an AggregateResult', () => {
		expect(queryRecords('SELECT COUNT() FROM User')).toEqual({ totalSize: 500, records: [] });
		expect(queryRecords('SELECT COUNT() FROM User', org, true).totalSize).toBe(org.userRows);
		expect(queryRecords('SELECT COUNT() FROM User WHERE IsActive = false').totalSize).toBe(
			org.rates.inactive.count
		);
		expect(queryRecords('SELECT COUNT(Id), COUNT(ManagerId) managed FROM User')).toEqual({
			totalSize: 1,
			records: [
				{
					attributes: { type: 'AggregateResult' },
					expr0: 500,
					managed: users.filter((user) => user.ManagerId !== null).length
				}
			]
		});
		expect(queryFailure('SELECT COUNT(), Id FROM User').errorCode).toBe('MALFORMED_QUERY');
		expect(queryFailure('SELECT Name, COUNT(Id) FROM User').message).toContain(
			'Field must be grouped or aggregated: Name'
		);
	});

	it('uses the API version of the call in attributes.url', () => {
		const plan = planQuery(org, 'SELECT Id FROM User LIMIT 1', { all: false, apiVersion: 'v62.0' });
		expect((plan.page(0, 1)[0].attributes as { url: string }).url).toMatch(
			/^\/services\/data\/v62\.0\/sobjects\/User\//
		);
	});
});
