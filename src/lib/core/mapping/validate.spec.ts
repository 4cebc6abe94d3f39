import { describe, expect, it } from 'vitest';
import type { MappingSpec } from '../model';
import { isPlainFieldName, syntaxErrorOffset } from './validate';
import { validateMapping } from './index';

function spec(identifier: string, fields: [source: string, target: string][]): MappingSpec {
	return {
		identifier: { expression: identifier, kind: 'email' },
		fields: fields.map(([source, target]) => ({ source, target, description: '' }))
	};
}

describe('validateMapping', () => {
	it('finds nothing wrong in a sound spec', () => {
		const sound = spec('$lowercase(Email)', [
			['FirstName', 'first_name'],
			['Manager.Email', 'manager_email'],
			['`First Name` & " " & LastName', 'full_name']
		]);
		expect(validateMapping(sound)).toEqual([]);
	});

	it('reports a syntax error with its JSONata code, the field and the 0-based position', () => {
		const [problem] = validateMapping(spec('Email', [['First Name', 'first_name']]));
		expect(problem).toEqual({
			target: 'first_name',
			code: 'S0201',
			message: 'Invalid JSONata expression for field first_name: Syntax error: "Name"',
			position: 6,
			expression: 'First Name'
		});
	});

	it('points at the end for an expression cut short', () => {
		const [problem] = validateMapping(spec('Email', [['$lowercase(', 'email']]));
		expect(problem).toMatchObject({ code: 'S0203', position: 11 });
		expect(problem.message).toMatch(/^Invalid JSONata expression for field email: Expected "\)"/);
	});

	it('points at the offending operator', () => {
		const problems = validateMapping(
			spec('Email', [
				['Manager..Email', 'a'],
				['Email &&', 'b']
			])
		);
		expect(problems.map(({ code, position }) => ({ code, position }))).toEqual([
			{ code: 'S0201', position: 7 },
			{ code: 'S0211', position: 7 }
		]);
	});

	it('reports the identifier expression under (identifier)', () => {
		expect(validateMapping(spec('Email ~ x', []))).toEqual([
			{
				target: '(identifier)',
				code: 'S0204',
				message: 'Invalid JSONata expression for the identifier: Unknown operator: "~"',
				position: 6,
				expression: 'Email ~ x'
			}
		]);
	});

	it('reports every problem at once', () => {
		const problems = validateMapping(
			spec('  ', [
				['Email', 'email'],
				['Email', ' '],
				['Title', 'Email'],
				['"unterminated', 'title'],
				['Name', 'Full Name'],
				['Name', 'a.b'],
				['Name', 'null'],
				['Name', '1abc'],
				['Name', '__proto__'],
				['', 'blank']
			])
		);
		expect(problems.map(({ target, code }) => `${target}:${code}`)).toEqual([
			'(identifier):EMPTY_EXPRESSION',
			' :EMPTY_TARGET',
			'Email:DUPLICATE_TARGET',
			'title:S0101',
			'Full Name:TARGET_NEEDS_BACKTICKS',
			'a.b:TARGET_NEEDS_BACKTICKS',
			'null:TARGET_NEEDS_BACKTICKS',
			'1abc:TARGET_NEEDS_BACKTICKS',
			'__proto__:RESERVED_TARGET',
			'blank:EMPTY_EXPRESSION'
		]);
		expect(problems.find((problem) => problem.code === 'DUPLICATE_TARGET')?.message).toBe(
			'Target Email is used more than once (first as email)'
		);
	});
});

describe('isPlainFieldName', () => {
	it('accepts names JSONata reads as one field', () => {
		for (const name of ['email', 'Custom__c', 'manager_email', 'Ünïcödé', 'a$b'])
			expect(isPlainFieldName(name), name).toBe(true);
	});

	it('rejects names that need backticks', () => {
		for (const name of ['first name', 'a.b', 'a-b', 'true', '42', '$x', 'a[0]', '`x`', ' x']) {
			expect(isPlainFieldName(name), name).toBe(false);
		}
	});
});

describe('syntaxErrorOffset', () => {
	it('turns the position past a token into the token start, and clamps end positions', () => {
		expect(syntaxErrorOffset('a b', { position: 3, token: 'b' })).toBe(2);
		expect(syntaxErrorOffset('a +', { position: 3, token: '(end)' })).toBe(3);
		expect(syntaxErrorOffset('"abc', { position: 4 })).toBe(4);
		expect(syntaxErrorOffset('x', {})).toBeUndefined();
	});
});
