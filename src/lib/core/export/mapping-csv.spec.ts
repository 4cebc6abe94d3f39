import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MappingSpec } from '../model';
import { mappingFromCsv, mappingToCsv } from './mapping-csv';

const spec: MappingSpec = {
	identifier: { expression: 'Username', kind: 'upn' },
	fields: [
		{ source: 'Department', target: 'department', description: 'Org unit, "as in HR"' },
		{ source: '$join([FirstName, LastName], " ")', target: 'full name', description: '' },
		{ source: "Manager.Email & '\n'", target: 'manager_email', description: '=not a formula\nsecond line' },
		{ source: '-Amount', target: 'négatif 漢字', description: 'üñí 😀' }
	]
};

const header = 'source expression,target field,kind,description\r\n';

describe('mappingToCsv', () => {
	it('writes a BOM, the header, the identifier row first and one row per field', () => {
		const text = mappingToCsv({
			identifier: { expression: 'Email', kind: 'email' },
			fields: [{ source: 'Title', target: 'title', description: 'Job title' }]
		});
		expect(text).toBe('\ufeff' + header + 'Email,email,identifier,\r\nTitle,title,field,Job title\r\n');
	});
});

describe('mappingFromCsv', () => {
	it('round-trips a mapping exactly', () => {
		expect(mappingFromCsv(mappingToCsv(spec))).toEqual({ ok: true, spec });
	});

	it('round-trips any mapping (property)', () => {
		const text = fc.string({
			unit: fc.constantFrom(
				'a',
				'Z',
				' ',
				'"',
				',',
				';',
				'|',
				'\t',
				'\n',
				'\r\n',
				"'",
				'=',
				'-',
				'ü',
				'漢',
				'😀',
				'$',
				'.'
			),
			maxLength: 12
		});
		const nonBlank = text.filter((value) => value.trim() !== '');
		const target = nonBlank.map((value) => value.trim()).filter((value) => !/[\r\n]/.test(value));
		const arbitrary = fc.record({
			identifier: fc.record({
				expression: nonBlank,
				kind: fc.constantFrom('upn' as const, 'email' as const)
			}),
			fields: fc.uniqueArray(fc.record({ source: nonBlank, target, description: text }), {
				maxLength: 6,
				selector: (field) => field.target.toLowerCase()
			})
		});
		fc.assert(
			fc.property(arbitrary, (value) => {
				expect(mappingFromCsv(mappingToCsv(value))).toEqual({ ok: true, spec: value });
			}),
			{ numRuns: 200 }
		);
	});

	it('accepts a file without BOM, with semicolons, columns in another order and no description', () => {
		const text = 'Kind;Target field;Source expression\nfield;title;Title\nidentifier;EMAIL;Email\n\n';
		expect(mappingFromCsv(text)).toEqual({
			ok: true,
			spec: {
				identifier: { expression: 'Email', kind: 'email' },
				fields: [{ source: 'Title', target: 'title', description: '' }]
			}
		});
	});

	it('reports a bad header and stops there', () => {
		expect(mappingFromCsv('source,target field,kind,notes\r\nUsername,upn,identifier,\r\n')).toEqual({
			ok: false,
			problems: [
				{
					row: 1,
					column: 'source',
					message:
						'Unknown column "source"; expected "source expression", "target field", "kind", "description".'
				},
				{
					row: 1,
					column: 'notes',
					message:
						'Unknown column "notes"; expected "source expression", "target field", "kind", "description".'
				},
				{
					row: 1,
					column: 'source expression',
					message:
						'Missing column "source expression"; the header is "source expression", "target field", "kind", "description".'
				}
			]
		});
	});

	it('reports an empty file', () => {
		expect(mappingFromCsv('\ufeff\r\n')).toEqual({
			ok: false,
			problems: [{ row: 0, message: 'The file is empty: it needs a header and an identifier row.' }]
		});
	});

	it('lists every problem of every row at once', () => {
		const text =
			header +
			'Username,samaccount,identifier,\r\n' +
			'Email,email,identifier,\r\n' +
			'Title,,field,\r\n' +
			',title,field,\r\n' +
			'Dept,Title,field,\r\n' +
			'Phone,phone,column,\r\n' +
			'City,city,,\r\n' +
			'Street,street,field,,extra\r\n';
		const result = mappingFromCsv(text);
		expect(result).toEqual({
			ok: false,
			problems: [
				{ row: 2, column: 'target field', message: 'The identifier target must be "upn" or "email".' },
				{ row: 3, column: 'kind', message: 'A second identifier row; the identifier is already on row 2.' },
				{ row: 4, column: 'target field', message: 'The target field is empty.' },
				{ row: 5, column: 'source expression', message: 'The source expression is empty.' },
				{ row: 6, column: 'target field', message: 'Target field "Title" is already mapped on row 5.' },
				{ row: 7, column: 'kind', message: 'The kind is "column"; it must be "identifier" or "field".' },
				{ row: 8, column: 'kind', message: 'The kind is empty; it must be "identifier" or "field".' },
				{ row: 9, message: 'Unexpected value in column 5, which has no header.' }
			]
		});
	});

	it('requires an identifier row', () => {
		expect(mappingFromCsv(header + 'Title,title,field,\r\n')).toEqual({
			ok: false,
			problems: [
				{ row: 0, column: 'kind', message: 'No identifier row: one row must have the kind "identifier".' }
			]
		});
	});

	it('maps problems found by the model schema back to their row and column', () => {
		const longTarget = 'x'.repeat(201);
		const result = mappingFromCsv(header + 'Username,upn,identifier,\r\n' + `Title,${longTarget},field,\r\n`);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toHaveLength(1);
		expect(result.problems[0]).toMatchObject({ row: 3, column: 'target field' });
	});

	it('reports a quote that never closes', () => {
		const result = mappingFromCsv(header + 'Username,upn,identifier,\r\n"Title,title,field,\r\n');
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems[0]).toMatchObject({ row: 3 });
	});
});
