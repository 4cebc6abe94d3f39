import { describe, expect, it } from 'vitest';
import { org, queryFailure, queryRecords, users } from './testing';

describe('planQuery: WHERE', () => {
	const ids = (soql: string) => queryRecords(soql).records.map((record) => record.Id);
	const expected = (test: (user: (typeof users)[number]) => boolean) =>
		users.filter(test).map((user) => user.Id);
	const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

	it('compares strings case-insensitively with = != < > and treats != as including null', () => {
		expect(ids("SELECT Id FROM User WHERE Department = 'sales'")).toEqual(
			expected((user) => user.Department === 'Sales')
		);
		expect(ids("SELECT Id FROM User WHERE Department != 'Sales'")).toEqual(
			expected((user) => user.Department !== 'Sales')
		);
		expect(ids("SELECT Id FROM User WHERE LastName < 'M'")).toEqual(
			expected((user) => String(lower(user.LastName)) < 'm')
		);
		expect(ids("SELECT Id FROM User WHERE LastName >= 'm'")).toEqual(
			expected((user) => String(lower(user.LastName)) >= 'm')
		);
	});

	it('supports IN, NOT IN, null and booleans', () => {
		expect(ids("SELECT Id FROM User WHERE Department IN ('Sales', 'IT', null)")).toEqual(
			expected((user) => user.Department === 'Sales' || user.Department === 'IT' || user.Department === null)
		);
		expect(ids("SELECT Id FROM User WHERE Department NOT IN ('Sales', 'IT')")).toEqual(
			expected((user) => user.Department !== 'Sales' && user.Department !== 'IT')
		);
		expect(ids('SELECT Id FROM User WHERE Email = null')).toEqual(expected((user) => user.Email === null));
		expect(ids('SELECT Id FROM User WHERE Email != null')).toEqual(expected((user) => user.Email !== null));
		expect(ids('SELECT Id FROM User WHERE IsActive = false')).toEqual(expected((user) => !user.IsActive));
		expect(ids('SELECT Id FROM User WHERE IsActive = TRUE')).toEqual(expected((user) => user.IsActive));
	});

	it('supports LIKE with % and _ wildcards, escapes, and no match on null', () => {
		expect(ids("SELECT Id FROM User WHERE Email LIKE '%@ACME.example.com'")).toEqual(
			expected((user) => String(user.Email ?? '').endsWith('@acme.example.com'))
		);
		expect(ids("SELECT Id FROM User WHERE Alias LIKE 'u_'")).toEqual(
			expected((user) => /^u.$/.test(String(user.Alias)))
		);
		expect(ids("SELECT Id FROM User WHERE Department LIKE '\\_\\_proto\\_\\_'")).toEqual(
			expected((user) => user.Department === '__proto__')
		);
	});

	it('unescapes quotes and backslashes in strings', () => {
		const irish = users.find((user) => user.LastName === "O'Brien");
		expect(irish).toBeDefined();
		expect(ids("SELECT Id FROM User WHERE LastName = 'O\\'Brien'")).toEqual(
			expected((user) => user.LastName === "O'Brien")
		);
		expect(ids("SELECT Id FROM User WHERE Title = '=1+1\\nline2'")).toEqual(
			expected((user) => user.Title === '=1+1\nline2')
		);
	});

	it('combines AND, OR, NOT and parentheses', () => {
		expect(
			ids(
				"SELECT Id FROM User WHERE IsActive = true AND (Department = 'Sales' OR Department = 'IT') AND NOT Email = null"
			)
		).toEqual(
			expected(
				(user) =>
					user.IsActive && (user.Department === 'Sales' || user.Department === 'IT') && user.Email !== null
			)
		);
		expect(ids("SELECT Id FROM User WHERE NOT (IsActive = true OR Department = 'Sales')")).toEqual(
			expected((user) => !(user.IsActive || user.Department === 'Sales'))
		);
		expect(ids("SELECT Id FROM User WHERE ((Department = 'IT') OR (NOT IsActive = true))")).toEqual(
			expected((user) => user.Department === 'IT' || !user.IsActive)
		);
	});

	it('refuses AND and OR mixed without parentheses, pointing at the operator', () => {
		const soql = "SELECT Id FROM User WHERE IsActive = true AND Title = null OR Department = 'IT'";
		const error = queryFailure(soql);
		expect(error.errorCode).toBe('MALFORMED_QUERY');
		expect(error.message).toBe(
			`\n${soql}\n${' '.repeat(59)}^\nERROR at Row:1:Column:60\nunexpected token: 'OR'`
		);
	});

	it('filters on relationship paths', () => {
		expect(ids("SELECT Id FROM User WHERE Profile.Name = 'System Administrator'")).toEqual(
			expected((user) => user.ProfileId === org.adminUser.ProfileId)
		);
		expect(ids('SELECT Id FROM User WHERE Manager.Email = null')).toEqual(
			expected((user) => user.ManagerId === null || org.userById(user.ManagerId)?.Email === null)
		);
	});

	it('compares Ids written with 15 or 18 characters, and ranges of Ids for keyset paging', () => {
		const target = users[10];
		expect(ids(`SELECT Id FROM User WHERE Id = '${target.Id}'`)).toEqual([target.Id]);
		expect(ids(`SELECT Id FROM User WHERE Id = '${target.Id.slice(0, 15)}'`)).toEqual([target.Id]);
		expect(ids(`SELECT Id FROM User WHERE Id > '${target.Id}' ORDER BY Id LIMIT 3`)).toEqual(
			users.slice(11, 14).map((user) => user.Id)
		);
		expect(ids(`SELECT Id FROM User WHERE ManagerId = '${users[1].Id}'`)).toEqual(
			expected((user) => user.ManagerId === users[1].Id)
		);
	});

	it('compares date-times, dates and date literals', () => {
		const time = (value: unknown) => Date.parse(String(value).replace('+0000', 'Z'));
		const now = Date.UTC(2026, 10, 1, 12);
		const today = Date.UTC(2026, 10, 1);
		const day = 86_400_000;
		expect(ids('SELECT Id FROM User WHERE CreatedDate > 2020-01-01T00:00:00Z')).toEqual(
			expected((user) => time(user.CreatedDate) > Date.UTC(2020, 0, 1))
		);
		expect(ids('SELECT Id FROM User WHERE CreatedDate <= 2020-01-01T00:00:00.000+0000')).toEqual(
			expected((user) => time(user.CreatedDate) <= Date.UTC(2020, 0, 1))
		);
		expect(ids('SELECT Id FROM User WHERE LastLoginDate = LAST_N_DAYS:30')).toEqual(
			expected(
				(user) =>
					user.LastLoginDate !== null &&
					time(user.LastLoginDate) >= today - 30 * day &&
					time(user.LastLoginDate) < today + day
			)
		);
		expect(ids('SELECT Id FROM User WHERE LastLoginDate < LAST_N_DAYS:30')).toEqual(
			expected((user) => user.LastLoginDate !== null && time(user.LastLoginDate) < today - 30 * day)
		);
		expect(ids('SELECT Id FROM User WHERE LastViewedDate = THIS_MONTH')).toEqual(
			expected((user) => user.LastViewedDate !== null && time(user.LastViewedDate) >= Date.UTC(2026, 10, 1))
		);
		expect(ids('SELECT Id FROM User WHERE LastViewedDate = LAST_MONTH')).toEqual(
			expected(
				(user) =>
					user.LastViewedDate !== null &&
					time(user.LastViewedDate) >= Date.UTC(2026, 9, 1) &&
					time(user.LastViewedDate) < Date.UTC(2026, 10, 1)
			)
		);
		expect(ids('SELECT Id FROM User WHERE CreatedDate = THIS_YEAR')).toEqual(
			expected((user) => time(user.CreatedDate) >= Date.UTC(2026, 0, 1))
		);
		for (const literal of [
			'TODAY',
			'YESTERDAY',
			'TOMORROW',
			'LAST_WEEK',
			'NEXT_QUARTER',
			'N_DAYS_AGO:3',
			'LAST_N_MONTHS:2'
		])
			expect(
				() => queryRecords(`SELECT Id FROM User WHERE LastLoginDate = ${literal}`),
				literal
			).not.toThrow();
		expect(now).toBeGreaterThan(today);
		const licenses = queryRecords(
			'SELECT DeveloperName FROM PermissionSetLicense WHERE ExpirationDate < TODAY'
		).records;
		expect(licenses.map((record) => record.DeveloperName)).toEqual(['FieldServiceDispatcherPsl']);
		expect(
			queryRecords('SELECT Id FROM PermissionSetLicense WHERE ExpirationDate > 2026-11-01').totalSize
		).toBe(4);
	});

	it('compares numbers', () => {
		const { records } = queryRecords(
			'SELECT Name, UsedLicenses FROM UserLicense WHERE UsedLicenses >= 10 AND TotalLicenses > 0.5'
		);
		expect(records.length).toBeGreaterThan(0);
		expect(records.every((record) => Number(record.UsedLicenses) >= 10)).toBe(true);
	});

	it('reports values of the wrong type as Salesforce does', () => {
		const soql = "SELECT Id FROM User WHERE IsActive = 'true'";
		expect(queryFailure(soql)).toMatchObject({
			errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
			message: `\n${soql}\n${' '.repeat(26)}^\nERROR at Row:1:Column:27\nvalue of filter criterion for field 'IsActive' must be of type boolean and should not be enclosed in quotes`
		});
		expect(queryFailure('SELECT Id FROM User WHERE CreatedDate > 2020-01-01').message).toContain(
			'must be of type dateTime'
		);
		expect(queryFailure("SELECT Id FROM User WHERE Id = 'abc'").message).toMatch(/invalid ID field: abc$/);
		expect(queryFailure('SELECT Id FROM User WHERE Name = 5').message).toContain(
			'must be of type string and should be enclosed in quotes'
		);
		expect(queryFailure('SELECT Id FROM User WHERE IsActive LIKE true').errorCode).toBe(
			'INVALID_QUERY_FILTER_OPERATOR'
		);
	});

	it('refuses long text in WHERE and ORDER BY', () => {
		expect(queryFailure("SELECT Id FROM User WHERE AboutMe = 'x'").message).toContain(
			"field 'AboutMe' can not be filtered in query call"
		);
		expect(queryFailure('SELECT Id FROM User ORDER BY AboutMe').message).toContain(
			"field 'AboutMe' can not be sorted in a query call"
		);
	});
});
