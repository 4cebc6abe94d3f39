/**
 * The fast path against JSONata: a property test over generated Salesforce-like records and generated
 * expressions from the subset, plus the eligibility rules read from JSONata's AST.
 */
import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { outcomeOf, sameOutcome } from './differential';
import { compileFastPath } from './fast-path';

const FIELDS = [
	'Email',
	'FirstName',
	'Title',
	'Count',
	'Score',
	'IsActive',
	'Tags',
	'Manager',
	'records',
	'`Odd Name`'
];

const scalar = fc.oneof(
	fc.string({ maxLength: 8 }),
	fc.constantFrom('', ' a  b ', 'Ada@Example.COM', 'undefined', 'x@y@z', 'ÄÖü ß', '😀', '\t\n'),
	fc.integer({ min: -1000, max: 1000 }),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.boolean(),
	fc.constant(null)
);

const { record } = fc.letrec<{ record: Record<string, unknown>; value: unknown }>((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		scalar,
		fc.array(scalar, { maxLength: 3 }),
		tie('record'),
		fc.array(tie('record'), { maxLength: 3 })
	),
	record: fc.dictionary(fc.constantFrom(...FIELDS.map((field) => field.replace(/`/g, ''))), tie('value'), {
		maxKeys: 5
	})
}));

const path = fc
	.array(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 3 })
	.map((steps) => steps.join('.'));

const literal = fc.oneof(
	fc.string({ maxLength: 6 }).map((text) => JSON.stringify(text)),
	fc.constantFrom("'@'", "' '", "''", '"."', '0', '1', '-2', '0.1', '1e3', 'true', 'false', 'null')
);

const { expression } = fc.letrec<{ expression: string }>((tie) => ({
	expression: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		path,
		literal,
		fc
			.tuple(
				tie('expression'),
				fc.constantFrom('&', '=', '!=', '<', '<=', '>', '>=', 'and', 'or'),
				tie('expression')
			)
			.map(([left, operator, right]) => `(${left} ${operator} ${right})`),
		fc
			.tuple(tie('expression'), tie('expression'), tie('expression'))
			.map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
		fc.tuple(tie('expression'), tie('expression')).map(([c, a]) => `(${c} ? ${a})`),
		fc
			.tuple(fc.constantFrom('lowercase', 'uppercase', 'trim', 'string'), tie('expression'))
			.map(([name, argument]) => `$${name}(${argument})`),
		fc
			.tuple(fc.constantFrom('substringBefore', 'substringAfter'), tie('expression'), tie('expression'))
			.map(([name, text, chars]) => `$${name}(${text}, ${chars})`)
	)
}));

describe('fast path', () => {
	it('gives what JSONata gives for generated records and expressions of the subset', async () => {
		await fc.assert(
			fc.asyncProperty(
				expression,
				fc.oneof(record, fc.array(record, { maxLength: 3 })),
				async (source, input) => {
					const fast = compileFastPath(jsonata(source).ast());
					expect(fast, source).not.toBeNull();
					const mine = await outcomeOf(() => (fast as (input: unknown) => unknown)(input));
					const reference = await outcomeOf(() => jsonata(source).evaluate(input));
					expect(
						sameOutcome(mine, reference),
						`${source} → ${JSON.stringify(mine)} vs ${JSON.stringify(reference)}`
					).toBe(true);
				}
			),
			{ numRuns: 1500 }
		);
	}, 120_000);

	it('accepts paths, literals, the listed operators and functions', () => {
		for (const source of [
			'Email',
			'Manager.Manager.Email',
			'`First Name`',
			"FirstName & ' ' & LastName",
			"$lowercase($substringBefore(Email, '@'))",
			'$uppercase($trim(Title))',
			'$string(Count)',
			"IsActive ? 'yes' : 'no'",
			'a = 1 or b != "x" and c < 2',
			'(Email)'
		]) {
			expect(compileFastPath(jsonata(source).ast()), source).not.toBeNull();
		}
	});

	it('leaves everything else to JSONata', () => {
		for (const source of [
			'$',
			'$.Email',
			'Email[0]',
			'Email[]',
			'Manager.(Email)',
			'Tags[0]',
			'*.Email',
			'**.Email',
			'Count + 1',
			'-Count',
			'$lowercase()',
			'$lowercase(Email, 1)',
			'$string(Email, true)',
			'$substringBefore(Email)',
			'$length(Email)',
			'$x',
			'($x := 1; $x)',
			'{"a": Email}',
			'[Email]',
			'Email ?? "x"',
			'"a" in Tags',
			'Tags#$i',
			'Tags@$t',
			'Tags^(Email)',
			'Manager.%.Email',
			'function($x){$x}',
			'Email ~> $lowercase',
			'/a/',
			'Manager{Email: Title}'
		]) {
			expect(compileFastPath(jsonata(source).ast()), source).toBeNull();
		}
	});
});
