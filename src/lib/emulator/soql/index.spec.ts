import { describe, expect, it } from 'vitest';
import { createOrg, type Org } from '../data';
import { planQuery, SoqlError } from './index';

const org = createOrg({ users: 500, seed: 42, today: Date.UTC(2026, 10, 1, 12) });
const options = { all: false, apiVersion: '65.0' };

function all(
	soql: string,
	target: Org = org,
	queryAll = false
): { totalSize: number; records: Record<string, unknown>[] } {
	const plan = planQuery(target, soql, { ...options, all: queryAll });
	return { totalSize: plan.totalSize, records: plan.page(0, plan.totalSize) };
}

function failure(soql: string): SoqlError {
	try {
		planQuery(org, soql, options);
	} catch (error) {
		if (error instanceof SoqlError) return error;
		throw error;
	}
	throw new Error(`no error for ${soql}`);
}

/** Every live user, straight from the generator, to check query results against. */
const users = Array.from({ length: org.userRows }, (_, row) => org.userAt(row)).filter(
	(user) => !user.IsDeleted
);

describe('planQuery: SELECT and record shape', () => {
	it('returns fields in SELECT order with attributes on every record', () => {
		const { totalSize, records } = all('SELECT Name, Id, Email FROM User');
		expect(totalSize).toBe(500);
		expect(Object.keys(records[0])).toEqual(['attributes', 'Name', 'Id', 'Email']);
		expect(records[0].attributes).toEqual({
			type: 'User',
			url: `/services/data/v65.0/sobjects/User/${records[0].Id}`
		});
		expect(records.map((record) => record.Id)).toEqual(users.map((user) => user.Id));
	});

	it('uses Salesforce casing for fields and objects whatever the query says', () => {
		const { records } = all('select id, NAME, profile.name from user limit 1');
		expect(Object.keys(records[0])).toEqual(['attributes', 'Id', 'Name', 'Profile']);
		expect(Object.keys(records[0].Profile as object)).toEqual(['attributes', 'Name']);
	});

	it('nests parent paths up to five levels, each with attributes, and null for empty lookups', () => {
		const { records } = all(
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
		const error = failure('SELECT Manager.Manager.Manager.Manager.Manager.Manager.Name FROM User');
		expect(error.errorCode).toBe('MALFORMED_QUERY');
	});

	it('expands FIELDS(STANDARD) to every field in describe order', () => {
		const { records } = all('SELECT FIELDS(STANDARD) FROM User LIMIT 1');
		const fields = org.table('User')?.fields.map((field) => field.name);
		expect(Object.keys(records[0])).toEqual(['attributes', ...(fields ?? [])]);
		expect(records[0]).toMatchObject(users[0]);
	});

	it('requires LIMIT 200 for FIELDS(ALL)', () => {
		expect(failure('SELECT FIELDS(ALL) FROM User').message).toContain('LIMIT of at most 200');
		expect(all('SELECT FIELDS(ALL) FROM User LIMIT 200').totalSize).toBe(200);
	});

	it('queries every emulated object', () => {
		expect(all('SELECT Id, Name, UserLicense.Name FROM Profile').totalSize).toBeGreaterThan(5);
		expect(all('SELECT Id, Name, ForecastUser.Name, ForecastUserId FROM UserRole').totalSize).toBeGreaterThan(
			5
		);
		expect(all('SELECT Name, TotalLicenses, UsedLicenses FROM UserLicense').totalSize).toBe(8);
		expect(
			all('SELECT DeveloperName, TotalLicenses, UsedLicenses, ExpirationDate FROM PermissionSetLicense')
				.totalSize
		).toBe(5);
		const history = all(
			"SELECT UserId, LoginTime, Status, SourceIp FROM LoginHistory WHERE Status != 'Success'"
		);
		expect(history.totalSize).toBeGreaterThan(50);
		expect(history.records.every((record) => record.Status !== 'Success')).toBe(true);
	});

	it('answers COUNT() with totalSize and no records, and COUNT(field) as an AggregateResult', () => {
		expect(all('SELECT COUNT() FROM User')).toEqual({ totalSize: 500, records: [] });
		expect(all('SELECT COUNT() FROM User', org, true).totalSize).toBe(org.userRows);
		expect(all('SELECT COUNT() FROM User WHERE IsActive = false').totalSize).toBe(org.rates.inactive.count);
		expect(all('SELECT COUNT(Id), COUNT(ManagerId) managed FROM User')).toEqual({
			totalSize: 1,
			records: [
				{
					attributes: { type: 'AggregateResult' },
					expr0: 500,
					managed: users.filter((user) => user.ManagerId !== null).length
				}
			]
		});
		expect(failure('SELECT COUNT(), Id FROM User').errorCode).toBe('MALFORMED_QUERY');
		expect(failure('SELECT Name, COUNT(Id) FROM User').message).toContain(
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

describe('planQuery: WHERE', () => {
	const ids = (soql: string) => all(soql).records.map((record) => record.Id);
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
		const error = failure(soql);
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
			expect(() => all(`SELECT Id FROM User WHERE LastLoginDate = ${literal}`), literal).not.toThrow();
		expect(now).toBeGreaterThan(today);
		const licenses = all(
			'SELECT DeveloperName FROM PermissionSetLicense WHERE ExpirationDate < TODAY'
		).records;
		expect(licenses.map((record) => record.DeveloperName)).toEqual(['FieldServiceDispatcherPsl']);
		expect(all('SELECT Id FROM PermissionSetLicense WHERE ExpirationDate > 2026-11-01').totalSize).toBe(4);
	});

	it('compares numbers', () => {
		const { records } = all(
			'SELECT Name, UsedLicenses FROM UserLicense WHERE UsedLicenses >= 10 AND TotalLicenses > 0.5'
		);
		expect(records.length).toBeGreaterThan(0);
		expect(records.every((record) => Number(record.UsedLicenses) >= 10)).toBe(true);
	});

	it('reports values of the wrong type as Salesforce does', () => {
		const soql = "SELECT Id FROM User WHERE IsActive = 'true'";
		expect(failure(soql)).toMatchObject({
			errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
			message: `\n${soql}\n${' '.repeat(26)}^\nERROR at Row:1:Column:27\nvalue of filter criterion for field 'IsActive' must be of type boolean and should not be enclosed in quotes`
		});
		expect(failure('SELECT Id FROM User WHERE CreatedDate > 2020-01-01').message).toContain(
			'must be of type dateTime'
		);
		expect(failure("SELECT Id FROM User WHERE Id = 'abc'").message).toMatch(/invalid ID field: abc$/);
		expect(failure('SELECT Id FROM User WHERE Name = 5').message).toContain(
			'must be of type string and should be enclosed in quotes'
		);
		expect(failure('SELECT Id FROM User WHERE IsActive LIKE true').errorCode).toBe(
			'INVALID_QUERY_FILTER_OPERATOR'
		);
	});

	it('refuses long text in WHERE and ORDER BY', () => {
		expect(failure("SELECT Id FROM User WHERE AboutMe = 'x'").message).toContain(
			"field 'AboutMe' can not be filtered in query call"
		);
		expect(failure('SELECT Id FROM User ORDER BY AboutMe').message).toContain(
			"field 'AboutMe' can not be sorted in a query call"
		);
	});
});

describe('planQuery: ORDER BY, LIMIT, OFFSET and queryAll', () => {
	it('orders by several fields with ASC, DESC and NULLS FIRST/LAST, ties broken by Id', () => {
		const { records } = all(
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
		const ascending = all('SELECT Id, Department FROM User ORDER BY Department').records;
		expect(ascending[0].Department).toBeNull();
		const nullsLast = all('SELECT Id, Department FROM User ORDER BY Department ASC NULLS LAST').records;
		expect(nullsLast[nullsLast.length - 1].Department).toBeNull();
	});

	it('orders by Id both ways and by parent fields', () => {
		const ids = users.map((user) => user.Id);
		expect(all('SELECT Id FROM User ORDER BY Id').records.map((record) => record.Id)).toEqual(ids);
		expect(all('SELECT Id FROM User ORDER BY Id DESC').records.map((record) => record.Id)).toEqual(
			[...ids].reverse()
		);
		const byProfile = all('SELECT Id, Profile.Name FROM User ORDER BY Profile.Name NULLS LAST').records;
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
		const everything = all('SELECT Id FROM User ORDER BY Id').records;
		const window = all('SELECT Id FROM User ORDER BY Id LIMIT 7 OFFSET 13');
		expect(window.totalSize).toBe(7);
		expect(window.records).toEqual(everything.slice(13, 20));
		expect(all('SELECT Id FROM User OFFSET 495').totalSize).toBe(5);
		expect(all('SELECT Id FROM User OFFSET 2000').totalSize).toBe(0);
		expect(all('SELECT COUNT() FROM User LIMIT 10').totalSize).toBe(10);
	});

	it('refuses OFFSET above 2000', () => {
		const soql = 'SELECT Id FROM User OFFSET 2001';
		expect(failure(soql)).toMatchObject({
			errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
			message: `\n${soql}\n${' '.repeat(27)}^\nERROR at Row:1:Column:28\nMaximum SOQL offset allowed is 2000`
		});
	});

	it('returns deleted users only to queryAll, with IsDeleted = true', () => {
		const live = all('SELECT Id, IsDeleted FROM User WHERE IsDeleted = true');
		expect(live.totalSize).toBe(0);
		const deleted = all('SELECT Id, IsDeleted FROM User WHERE IsDeleted = true', org, true);
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
		const before = all('SELECT Id, LastModifiedDate FROM User', changing).records;
		changing.applyChanges({ added: 5, removed: 3, changed: 4 });
		const after = all('SELECT Id, LastModifiedDate FROM User', changing).records;
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
		expect(all('SELECT COUNT() FROM User', changing, true).totalSize).toBe(changing.userRows);
	});
});

describe('planQuery: errors with their positions', () => {
	const pointsAt = (soql: string, column: number, text: string, errorCode = 'MALFORMED_QUERY') => {
		const error = failure(soql);
		expect(error.errorCode).toBe(errorCode);
		expect(error.status).toBe(400);
		expect(error.column).toBe(column);
		expect(error.message).toBe(
			`\n${soql}\n${' '.repeat(column - 1)}^\nERROR at Row:1:Column:${column}\n${text}`
		);
	};

	it('reports syntax errors at the offending token', () => {
		pointsAt('SELECT Id, FROM User', 12, "unexpected token: 'FROM'");
		pointsAt('SELECT Id FROM User LIMIT x', 27, "unexpected token: 'x'");
		pointsAt('SELECT Id FROM User WHERE', 26, "unexpected token: '<EOF>'");
		pointsAt(
			"SELECT Id FROM User WHERE Name = 'x",
			34,
			"line 1:33 mismatched character '<EOF>' expecting '''"
		);
		pointsAt('SELECT Id FROM User WHERE Id = "abc"', 32, `line 1:31 no viable alternative at character '"'`);
	});

	it('reports rows and columns on multi-line queries', () => {
		const soql = 'SELECT Id,\n  Foo\nFROM User';
		const error = failure(soql);
		expect(error.errorCode).toBe('INVALID_FIELD');
		expect(error.message.startsWith('\n  Foo\n  ^\nERROR at Row:2:Column:3\nNo such column')).toBe(true);
	});

	it('reports unknown fields and relationships as INVALID_FIELD with the real wording', () => {
		pointsAt(
			'SELECT Id, Foo FROM User',
			12,
			"No such column 'Foo' on entity 'User'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
			'INVALID_FIELD'
		);
		pointsAt(
			'SELECT Id, DelegatedApprover.Name FROM User',
			12,
			"Didn't understand relationship 'DelegatedApprover' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.",
			'INVALID_FIELD'
		);
		expect(failure('SELECT Id, Profile.Nope FROM User').message).toContain(
			"No such column 'Nope' on entity 'Profile'"
		);
		expect(failure("SELECT Id FROM User WHERE Nope = 'x'").column).toBe(27);
		expect(failure('SELECT Id FROM User ORDER BY Name, Nope').column).toBe(36);
	});

	it('reports unknown objects as INVALID_TYPE', () => {
		pointsAt(
			'SELECT Id FROM Userz',
			16,
			"sObject type 'Userz' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
			'INVALID_TYPE'
		);
	});

	it('refuses constructs the emulated org does not run, instead of ignoring them', () => {
		for (const soql of [
			'SELECT Name, COUNT(Id) FROM User GROUP BY Name',
			'SELECT Id, (SELECT Id FROM ManagedUsers) FROM User',
			'SELECT TYPEOF Owner WHEN User THEN Name END FROM User',
			'SELECT Id FROM User WHERE Id IN (SELECT UserId FROM LoginHistory)',
			'SELECT Id FROM User WITH SECURITY_ENFORCED',
			'SELECT Id FROM User FOR VIEW',
			'SELECT MAX(CreatedDate) FROM User',
			'SELECT toLabel(UserType) FROM User',
			'SELECT Id FROM User WHERE CALENDAR_YEAR(CreatedDate) = 2020',
			'SELECT Id FROM User ORDER BY COUNT(Id)',
			'SELECT Name n FROM User'
		]) {
			const error = failure(soql);
			expect(error.errorCode, soql).toBe('MALFORMED_QUERY');
			expect(error.message, soql).toMatch(/ERROR at Row:1:Column:\d+\n/);
		}
	});

	it('points unsupported constructs at where they start', () => {
		expect(failure('SELECT Id, (SELECT Id FROM ManagedUsers) FROM User').column).toBe(12);
		expect(failure('SELECT Id FROM User GROUP BY Name').column).toBe(21);
		expect(failure('SELECT MAX(CreatedDate) FROM User').column).toBe(8);
	});

	it('refuses duplicate fields and an empty query', () => {
		expect(failure('SELECT Id, Name, id FROM User').message).toContain('duplicate field selected: Id');
		expect(failure('   ').errorCode).toBe('MALFORMED_QUERY');
	});

	it('serialises as the REST error body', () => {
		expect(failure('SELECT Id FROM Userz').toBody()).toEqual([
			{ errorCode: 'INVALID_TYPE', message: expect.stringContaining("sObject type 'Userz' is not supported") }
		]);
	});
});
