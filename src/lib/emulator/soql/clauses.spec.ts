import { describe, expect, it } from 'vitest';
import { queryFailure } from './testing';

describe('planQuery: errors with their positions', () => {
	const pointsAt = (soql: string, column: number, text: string, errorCode = 'MALFORMED_QUERY') => {
		const error = queryFailure(soql);
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
		const error = queryFailure(soql);
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
		expect(queryFailure('SELECT Id, Profile.Nope FROM User').message).toContain(
			"No such column 'Nope' on entity 'Profile'"
		);
		expect(queryFailure("SELECT Id FROM User WHERE Nope = 'x'").column).toBe(27);
		expect(queryFailure('SELECT Id FROM User ORDER BY Name, Nope').column).toBe(36);
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
			const error = queryFailure(soql);
			expect(error.errorCode, soql).toBe('MALFORMED_QUERY');
			expect(error.message, soql).toMatch(/ERROR at Row:1:Column:\d+\n/);
		}
	});

	it('points unsupported constructs at where they start', () => {
		expect(queryFailure('SELECT Id, (SELECT Id FROM ManagedUsers) FROM User').column).toBe(12);
		expect(queryFailure('SELECT Id FROM User GROUP BY Name').column).toBe(21);
		expect(queryFailure('SELECT MAX(CreatedDate) FROM User').column).toBe(8);
	});

	it('refuses duplicate fields and an empty query', () => {
		expect(queryFailure('SELECT Id, Name, id FROM User').message).toContain('duplicate field selected: Id');
		expect(queryFailure('   ').errorCode).toBe('MALFORMED_QUERY');
	});

	it('serialises as the REST error body', () => {
		expect(queryFailure('SELECT Id FROM Userz').toBody()).toEqual([
			{ errorCode: 'INVALID_TYPE', message: expect.stringContaining("sObject type 'Userz' is not supported") }
		]);
	});
});
