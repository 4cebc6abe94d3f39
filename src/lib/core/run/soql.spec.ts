import { describe, expect, it } from 'vitest';
import { AppFailure, toAppError } from '../errors';
import { applyConnectorFilters, modifiedSinceQuery, prepareRunQuery, restartAfterId } from './soql';

describe('applyConnectorFilters', () => {
	it('leaves the query alone for all users and every domain', () => {
		expect(
			applyConnectorFilters('SELECT Id, Email FROM User', { userStatus: 'all', companyDomains: ['*'] })
		).toBe('SELECT Id, Email FROM User');
	});

	it('adds IsActive for active and inactive users', () => {
		expect(
			applyConnectorFilters('SELECT Id FROM User', { userStatus: 'active', companyDomains: ['*'] })
		).toBe('SELECT Id FROM User WHERE IsActive = true');
		expect(
			applyConnectorFilters('SELECT Id FROM User', { userStatus: 'inactive', companyDomains: ['*'] })
		).toBe('SELECT Id FROM User WHERE IsActive = false');
	});

	it('keeps users of the listed domains, and keeps the own WHERE whole in parentheses', () => {
		expect(
			applyConnectorFilters(
				"SELECT Id FROM User WHERE Department = 'Sales' OR Title LIKE 'VP%' ORDER BY Name",
				{
					userStatus: 'active',
					companyDomains: ['a.com', 'B.org']
				}
			)
		).toBe(
			"SELECT Id FROM User WHERE IsActive = true AND (Email LIKE '%@a.com' OR Email LIKE '%@b.org') AND (Department = 'Sales' OR Title LIKE 'VP%') ORDER BY Name"
		);
		expect(
			applyConnectorFilters('SELECT Id FROM User WHERE NOT (IsActive = false)', {
				userStatus: 'all',
				companyDomains: ['acme.com']
			})
		).toBe("SELECT Id FROM User WHERE Email LIKE '%@acme.com' AND (NOT (IsActive = FALSE))");
	});

	it('rejects a domain that is not one and a query that does not parse', () => {
		expect(() =>
			applyConnectorFilters('SELECT Id FROM User', {
				userStatus: 'all',
				companyDomains: ["a.com' OR Name != '"]
			})
		).toThrow(AppFailure);
		try {
			applyConnectorFilters("SELECT Id FROM User WHERE Name = 'x", {
				userStatus: 'all',
				companyDomains: ['*']
			});
			expect.unreachable();
		} catch (thrown) {
			expect(toAppError(thrown)).toMatchObject({ code: 'SF_MALFORMED_QUERY', row: 1 });
		}
	});
});

describe('prepareRunQuery and restartAfterId', () => {
	it('selects Id and orders by Id when the query has no order', () => {
		expect(prepareRunQuery('SELECT Email FROM User WHERE IsActive = true')).toEqual({
			soql: 'SELECT Id, Email FROM User WHERE IsActive = TRUE ORDER BY Id',
			orderedById: true
		});
		expect(prepareRunQuery('SELECT Id FROM User ORDER BY Name DESC')).toEqual({
			soql: 'SELECT Id FROM User ORDER BY Name DESC',
			orderedById: false
		});
	});

	it('restarts after the last Id, keeping the own WHERE and lowering a LIMIT', () => {
		expect(
			restartAfterId("SELECT Id FROM User WHERE A = 'x' OR B = 'y' ORDER BY Id", '005000000000001AAA', 10)
		).toBe("SELECT Id FROM User WHERE Id > '005000000000001AAA' AND (A = 'x' OR B = 'y') ORDER BY Id");
		expect(restartAfterId('SELECT Id FROM User ORDER BY Id LIMIT 50', '005000000000001AAA', 20)).toBe(
			"SELECT Id FROM User WHERE Id > '005000000000001AAA' ORDER BY Id LIMIT 30"
		);
		expect(() => restartAfterId('SELECT Id FROM User', "x' OR Id != '", 0)).toThrow(AppFailure);
	});
});

describe('modifiedSinceQuery', () => {
	it('selects SystemModstamp and ANDs the cursor in front of the own WHERE', () => {
		expect(
			modifiedSinceQuery(
				"SELECT Id, Email FROM User WHERE Department = 'Sales' OR IsActive = false",
				'2026-03-01T10:00:00.000Z'
			)
		).toBe(
			"SELECT Id, Email, SystemModstamp FROM User WHERE SystemModstamp >= 2026-03-01T10:00:00.000Z AND (Department = 'Sales' OR IsActive = FALSE)"
		);
	});

	it('keeps a query that already selects SystemModstamp as it is, apart from the condition', () => {
		expect(modifiedSinceQuery('SELECT Id, SystemModstamp FROM User', '2026-03-01T10:00:00Z')).toBe(
			'SELECT Id, SystemModstamp FROM User WHERE SystemModstamp >= 2026-03-01T10:00:00Z'
		);
	});

	it('refuses a cursor that is not a UTC date-time', () => {
		expect(() => modifiedSinceQuery('SELECT Id FROM User', "2026-03-01' OR Id != '")).toThrow(AppFailure);
	});
});
