import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../errors';
import type { MappingSpec } from '../model';
import { buildBenchSpec, makeBenchRecords } from '../../../../tests/bench/mapping';
import { sameValue } from './differential';
import { compileExpression, compileMapping, MAX_PAD_WIDTH } from './index';

function spec(identifier: string, fields: [source: string, target: string][]): MappingSpec {
	return {
		identifier: { expression: identifier, kind: 'email' },
		fields: fields.map(([source, target]) => ({ source, target, description: '' }))
	};
}

async function failureOf(work: () => Promise<unknown>): Promise<AppFailure> {
	try {
		await work();
	} catch (thrown) {
		if (thrown instanceof AppFailure) return thrown;
		throw thrown;
	}
	throw new Error('expected an AppFailure');
}

const user = {
	attributes: { type: 'User', url: '/services/data/v62.0/sobjects/User/005A' },
	Id: '005A',
	Email: 'Ada@Example.com',
	FirstName: null,
	LastName: 'Lovelace',
	Manager: null,
	Tags: ['x', 'y']
};

describe('compileMapping', () => {
	it('maps a page: id, raw identifier, values without undefined results, field errors apart', async () => {
		const compiled = compileMapping(
			spec('$lowercase(Email)', [
				['FirstName', 'first'],
				['Manager.Email', 'manager'],
				['$lowercase(FirstName)', 'first_lower'],
				['$count(Tags)', 'tag_count'],
				["LastName & ', ' & FirstName", 'sort_name']
			])
		);
		expect(compiled.targets).toEqual(['first', 'manager', 'first_lower', 'tag_count', 'sort_name']);
		expect([compiled.fastCount, compiled.slowCount]).toEqual([5, 1]);
		const [mapped, bare] = await compiled.mapPage([user, { Email: '  X@Y ' }]);
		expect(mapped).toEqual({
			id: '005A',
			identifier: 'ada@example.com',
			values: { first: null, tag_count: 2, sort_name: 'Lovelace, null' },
			errors: [
				{
					target: 'first_lower',
					code: 'T0410',
					message:
						'Could not evaluate field first_lower: Argument 1 of function "lowercase" does not match function signature'
				}
			]
		});
		expect(bare).toEqual({
			id: null,
			identifier: '  x@y ',
			values: { tag_count: 0, sort_name: ', ' },
			errors: []
		});
	});

	it('reports an identifier that fails to evaluate', async () => {
		const [mapped] = await compileMapping(spec('$lowercase(FirstName)', [])).mapPage([user]);
		expect(mapped.identifier).toBeUndefined();
		expect(mapped.errors.map((error) => `${error.target}:${error.code}`)).toEqual(['(identifier):T0410']);
	});

	it('gives what JSONata gives field by field, fast and slow fields alike', async () => {
		const benchSpec = buildBenchSpec();
		benchSpec.fields.push(
			{ source: '$join([FirstName, LastName], " ")', target: 'joined', description: '' },
			{
				source: 'Manager.Manager ? "skip-level" : Manager ? "managed" : "top"',
				target: 'level',
				description: ''
			}
		);
		const compiled = compileMapping(benchSpec);
		expect(compiled.slowCount).toBe(1);
		const records = makeBenchRecords(300);
		const mapped = await compiled.mapPage(records);
		expect(mapped.some((record) => record.errors.length > 0)).toBe(true);
		const expressions = benchSpec.fields.map((field) => [field.target, jsonata(field.source)] as const);
		for (let index = 0; index < records.length; index++) {
			const expected: Record<string, unknown> = {};
			const expectedErrors: string[] = [];
			for (const [target, expression] of expressions) {
				try {
					const value = await expression.evaluate(records[index]);
					if (value !== undefined) expected[target] = value;
				} catch (thrown) {
					expectedErrors.push(`${target}:${(thrown as { code: string }).code}`);
				}
			}
			expect(sameValue(mapped[index].values, expected), `record ${index}`).toBe(true);
			expect(mapped[index].errors.map((error) => `${error.target}:${error.code}`)).toEqual(expectedErrors);
			expect(mapped[index].identifier).toBe(
				await jsonata(benchSpec.identifier.expression).evaluate(records[index])
			);
		}
	});

	it('refuses a spec with problems, listing them all', async () => {
		const failure = await failureOf(async () =>
			compileMapping(
				spec('Email', [
					['First Name', 'a'],
					['x', 'a']
				])
			)
		);
		expect(failure.error.code).toBe('MAPPING_INVALID');
		expect(failure.error.message).toBe(
			'Invalid JSONata expression for field a: Syntax error: "Name"\nTarget a is used more than once (first as a)'
		);
		expect(failure.error.position).toBe(6);
		expect((failure.error.detail as unknown[]).length).toBe(2);
	});
});

describe('runaway expressions (Q20)', () => {
	const runaway = async (source: string) =>
		failureOf(() => compileMapping(spec('Email', [[source, 'x']]), { timeoutMs: 200 }).mapPage([user, user]));

	it('stops endless recursion with MAPPING_TIMEOUT', async () => {
		const failure = await runaway('($f:=function(){$f()};$f())');
		expect(failure.error).toMatchObject({ code: 'MAPPING_TIMEOUT', field: 'x' });
		expect(failure.error.message).toMatch(
			/^Could not evaluate field x: Evaluation timeout after 200 milliseconds/
		);
	});

	it('stops deep recursion with MAPPING_STACK', async () => {
		const failure = await runaway('($f:=function($n){1 + $f($n)};$f(1))');
		expect(failure.error.code).toBe('MAPPING_STACK');
	});

	it('stops a huge $pad with MAPPING_TOO_LARGE before it allocates', async () => {
		const failure = await runaway('$pad("", 2e8)');
		expect(failure.error.code).toBe('MAPPING_TOO_LARGE');
		expect(failure.error.message).toContain(`over the limit of ${MAX_PAD_WIDTH} characters`);
	});

	it('stops a page whose evaluations together overrun the page budget', async () => {
		const compiled = compileMapping(spec('Email', [['$count([1..200000])', 'x']]), { pageBudgetMs: 20 });
		const failure = await failureOf(() => compiled.mapPage(Array.from({ length: 500 }, () => user)));
		expect(failure.error.code).toBe('MAPPING_TIMEOUT');
		expect(failure.error.message).toMatch(
			/^Mapping one page took over 20 ms \(stopped at record \d+ of 500\)/
		);
		expect(failure.error.detail).toEqual({ slowTargets: ['x'] });
	});

	it('turns an oversized range into a field error, not a hang', async () => {
		const [mapped] = await compileMapping(spec('Email', [['[1..100000000]', 'x']])).mapPage([user]);
		expect(mapped.errors.map((error) => error.code)).toEqual(['D2014']);
	});

	it('leaves the next run working', async () => {
		await runaway('($f:=function(){$f()};$f())');
		const [mapped] = await compileMapping(spec('Email', [['$pad(LastName, 10, "*")', 'x']])).mapPage([user]);
		expect(mapped.values).toEqual({ x: 'Lovelace**' });
	});

	it('keeps JSONata codes on compileExpression', async () => {
		await expect(
			compileExpression('($f:=function(){$f()};$f())', { timeoutMs: 50 }).evaluate({})
		).rejects.toMatchObject({
			code: 'D1012'
		});
		await expect(compileExpression('$pad("x", -2e8)').evaluate({})).rejects.toMatchObject({
			code: 'MAPPING_TOO_LARGE'
		});
		expect(await compileExpression('$pad("x", -3)').evaluate({})).toBe('  x');
	});
});

describe('prototype pollution (Q21)', () => {
	it('never reaches Object.prototype through data or expressions', async () => {
		const record = JSON.parse(
			'{"Id":"005P","Email":"p@x","__proto__":{"polluted":"data"},"constructor":{"prototype":{"polluted":"ctor"}}}'
		) as Record<string, unknown>;
		const compiled = compileMapping(
			spec('Email', [
				['$lookup($, "__proto__")', 'lookup'],
				['`__proto__`.polluted', 'path'],
				['$merge([{}, $lookup($, "__proto__")])', 'merged'],
				['$merge([$, {"__proto__": {"polluted": "merge"}}])', 'merged_own'],
				['{"__proto__": {"polluted": "constructor"}}', 'built'],
				['$ ~> |$|{"__proto__": {"polluted": "transform"}}|', 'transformed'],
				['constructor.prototype.polluted', 'ctor'],
				['$spread($)', 'spread']
			])
		);
		const [mapped] = await compiled.mapPage([record]);
		expect(mapped.values.lookup).toEqual({ polluted: 'data' });
		expect(mapped.values.path).toBe('data');
		expect(mapped.values.ctor).toBe('ctor');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
		expect(Object.getPrototypeOf(mapped.values)).toBe(Object.prototype);
	});

	it('reads no inherited property as a field', async () => {
		for (const source of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'Manager.__proto__']) {
			const compiled = compileExpression(source);
			expect(compiled.fast).toBe(true);
			expect(await compiled.evaluate({ Manager: {} }), source).toBeUndefined();
		}
	});
});

describe('compileExpression', () => {
	it('throws JSONata syntax errors as jsonata() does', () => {
		expect(() => compileExpression('a b')).toThrow(expect.objectContaining({ code: 'S0201', position: 3 }));
	});

	it('returns fast results synchronously and JSONata errors with their messages', async () => {
		const compiled = compileExpression('$lowercase(Email)');
		expect(compiled.evaluate({ Email: 'A' })).toBe('a');
		await expect(compiled.evaluate({ Email: null })).rejects.toMatchObject({
			code: 'T0410',
			position: 11,
			token: 'lowercase',
			message: 'Argument 1 of function "lowercase" does not match function signature'
		});
	});

	it('lets bindings redefine functions, as JSONata does', async () => {
		const compiled = compileExpression('$lowercase(Email)');
		expect(await compiled.evaluate({ Email: 'A' }, { lowercase: () => 'bound' })).toBe('bound');
	});

	it('returns the sequences JSONata returns', async () => {
		const input = { records: [{ Name: 'a' }, { Name: 'b' }] };
		const result = compileExpression('records.Name').evaluate(input);
		expect(sameValue(result, await jsonata('records.Name').evaluate(input))).toBe(true);
		expect((result as { sequence?: boolean }).sequence).toBe(true);
	});
});
