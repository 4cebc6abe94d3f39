/**
 * Data-driven cases over Salesforce-shaped records (cases/*.json, in the shape of JSONata's own suite):
 * each case's expected result is first confirmed with jsonata itself, then the engine must give the
 * identical outcome, on the path (fast or JSONata) the case names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { looseEqual, outcomeOf, sameOutcome, type Outcome } from './differential';
import { compileExpression } from './index';

interface MappingCase {
	description: string;
	expr: string;
	record?: string;
	data?: unknown;
	result?: unknown;
	undefinedResult?: boolean;
	code?: string;
	fast: boolean;
}

const casesDir = fileURLToPath(new URL('./cases/', import.meta.url));
// read as text and parsed with JSON.parse, so a "__proto__" key stays an own field as it does in an API answer
const records = JSON.parse(readFileSync(`${casesDir}records.json`, 'utf8')) as Record<string, unknown>;
const files = readdirSync(casesDir).filter((name) => name.endsWith('.json') && name !== 'records.json');

function inputOf(testCase: MappingCase): unknown {
	if (testCase.record === undefined) return testCase.data;
	if (!(testCase.record in records)) throw new Error(`Unknown record "${testCase.record}"`);
	return records[testCase.record];
}

function expectationHolds(testCase: MappingCase, outcome: Outcome): boolean {
	if (testCase.code !== undefined) return !outcome.ok && outcome.code === testCase.code;
	if (!outcome.ok) return false;
	if (testCase.undefinedResult) return outcome.value === undefined;
	return looseEqual(outcome.value, testCase.result);
}

describe('mapping cases over Salesforce-shaped records', () => {
	it('has case files', () => {
		expect(files.length).toBeGreaterThanOrEqual(3);
	});

	for (const file of files) {
		const cases = JSON.parse(readFileSync(`${casesDir}${file}`, 'utf8')) as MappingCase[];
		describe(file, () => {
			for (const testCase of cases) {
				it(`${testCase.description}: ${testCase.expr}`, async () => {
					const input = inputOf(testCase);
					const reference = await outcomeOf(() => jsonata(testCase.expr).evaluate(input));
					expect(expectationHolds(testCase, reference), `jsonata gives ${JSON.stringify(reference)}`).toBe(
						true
					);
					const compiled = compileExpression(testCase.expr);
					expect(compiled.fast).toBe(testCase.fast);
					const outcome = await outcomeOf(() => compiled.evaluate(input));
					expect(sameOutcome(outcome, reference), `engine gives ${JSON.stringify(outcome)}`).toBe(true);
					if (!outcome.ok && !reference.ok) expect(outcome.message).toBe(reference.message);
				});
			}
		});
	}
});
