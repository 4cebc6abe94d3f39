/**
 * Differential test against JSONata's own test suite (tests/fixtures/jsonata-test-suite, copied from
 * jsonata-js/jsonata v2.2.2: see its SOURCE.txt): every case the fast path accepts gives the suite's
 * result through the fast path alone, and the engine as a whole (compileExpression) passes every case
 * that jsonata 2.2.2 itself passes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { looseEqual, outcomeOf, sameOutcome, type Outcome } from './differential';
import { compileFastPath } from './fast-path';
import { compileExpression } from './index';

interface SuiteCase {
	id: string;
	expr: string;
	input: unknown;
	bindings: Record<string, unknown>;
	timelimit?: number;
	depth?: number;
	expected:
		| { kind: 'undefined' }
		| { kind: 'result'; value: unknown; unordered: boolean }
		| { kind: 'error'; code: string; token?: unknown; message?: unknown };
}

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const suiteRoot = join(repositoryRoot, 'tests', 'fixtures', 'jsonata-test-suite');

function readJson(path: string): unknown {
	return JSON.parse(readFileSync(path, 'utf8'));
}

function loadSuite(): SuiteCase[] {
	if (!existsSync(join(suiteRoot, 'groups'))) {
		throw new Error(
			`JSONata's test suite is missing: expected it at ${suiteRoot} (tests/fixtures/jsonata-test-suite)`
		);
	}
	const datasets = new Map<string, unknown>();
	for (const file of readdirSync(join(suiteRoot, 'datasets'))) {
		datasets.set(file.replace(/\.json$/, ''), readJson(join(suiteRoot, 'datasets', file)));
	}
	const cases: SuiteCase[] = [];
	for (const group of readdirSync(join(suiteRoot, 'groups')).sort()) {
		const groupDir = join(suiteRoot, 'groups', group);
		for (const file of readdirSync(groupDir)
			.filter((name) => name.endsWith('.json'))
			.sort()) {
			const content = readJson(join(groupDir, file));
			const entries = (Array.isArray(content) ? content : [content]) as Record<string, unknown>[];
			entries.forEach((entry, index) => {
				const expr =
					typeof entry.expr === 'string'
						? entry.expr
						: readFileSync(join(groupDir, String(entry['expr-file'])), 'utf8');
				const input =
					'data' in entry
						? entry.data
						: entry.dataset === null || entry.dataset === undefined
							? undefined
							: datasets.get(String(entry.dataset));
				const error = entry.error as Record<string, unknown> | undefined;
				const expected: SuiteCase['expected'] =
					'undefinedResult' in entry
						? { kind: 'undefined' }
						: 'result' in entry
							? { kind: 'result', value: entry.result, unordered: entry.unordered === true }
							: error
								? { kind: 'error', code: String(error.code), token: error.token, message: error.message }
								: { kind: 'error', code: String(entry.code), token: entry.token };
				cases.push({
					id: `${group}/${file}${entries.length > 1 ? `#${index}` : ''}`,
					expr,
					input,
					bindings: (entry.bindings as Record<string, unknown>) ?? {},
					timelimit: typeof entry.timelimit === 'number' ? entry.timelimit : undefined,
					depth: typeof entry.depth === 'number' ? entry.depth : undefined,
					expected
				});
			});
		}
	}
	return cases;
}

/** Sorts a result's items by their JSON text, for cases whose order is unspecified. */
function ordered(value: unknown): unknown {
	return Array.isArray(value)
		? [...value].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
		: value;
}

/** Whether an outcome is what the suite expects; U1001 (the suite runner's runaway code) matches D1011 / D1012. */
function passes(testCase: SuiteCase, outcome: Outcome): boolean {
	const expected = testCase.expected;
	if (expected.kind === 'undefined') return outcome.ok && outcome.value === undefined;
	if (expected.kind === 'result') {
		if (!outcome.ok) return false;
		return expected.unordered
			? looseEqual(ordered(outcome.value), ordered(expected.value))
			: looseEqual(outcome.value, expected.value);
	}
	if (outcome.ok) return false;
	const codeMatches =
		outcome.code === expected.code ||
		(expected.code === 'U1001' && ['D1011', 'D1012'].includes(outcome.code));
	const tokenMatches = expected.token === undefined || expected.token === outcome.token;
	const messageMatches = expected.message === undefined || expected.message === outcome.message;
	return codeMatches && tokenMatches && messageMatches;
}

/** The suite's own limits; a case without one gets a budget far above any case's run time (the default
 * budget of one mapping evaluation is a product choice, tested with the runaway cases elsewhere). */
function guardrails(testCase: SuiteCase): { timeout: number; stack?: number } {
	return { timeout: testCase.timelimit ?? 60_000, stack: testCase.depth };
}

const suite = loadSuite();

describe("JSONata's test suite", () => {
	it('is complete', () => {
		expect(suite.length).toBeGreaterThan(1500);
	});

	it('passes through the fast path alone in every case the fast path accepts', async () => {
		const failures: string[] = [];
		let accepted = 0;
		for (const testCase of suite) {
			let ast: jsonata.ExprNode;
			try {
				ast = jsonata(testCase.expr).ast();
			} catch {
				continue;
			}
			const fast = compileFastPath(ast);
			if (!fast || Object.keys(testCase.bindings).length > 0) continue;
			accepted++;
			const outcome = await outcomeOf(() => fast(testCase.input));
			const reference = await outcomeOf(() => jsonata(testCase.expr).evaluate(testCase.input));
			if (!passes(testCase, outcome))
				failures.push(`${testCase.id}: ${testCase.expr} → ${JSON.stringify(outcome)}`);
			else if (!sameOutcome(outcome, reference))
				failures.push(`${testCase.id}: differs from jsonata: ${testCase.expr}`);
		}
		expect(failures).toEqual([]);
		expect(accepted).toBeGreaterThan(200);
	}, 120_000);

	it('passes through compileExpression in every case jsonata itself passes', async () => {
		const failures: string[] = [];
		let jsonataPasses = 0;
		for (const testCase of suite) {
			const options = guardrails(testCase);
			const reference = await outcomeOf(() =>
				jsonata(testCase.expr, options).evaluate(testCase.input, testCase.bindings)
			);
			if (!passes(testCase, reference)) continue;
			jsonataPasses++;
			const outcome = await outcomeOf(() =>
				compileExpression(testCase.expr, { timeoutMs: options.timeout, maxDepth: options.stack }).evaluate(
					testCase.input,
					testCase.bindings
				)
			);
			if (!passes(testCase, outcome))
				failures.push(`${testCase.id}: ${testCase.expr} → ${JSON.stringify(outcome)}`);
		}
		expect(failures).toEqual([]);
		expect(jsonataPasses).toBeGreaterThan(1400);
	}, 300_000);
});
