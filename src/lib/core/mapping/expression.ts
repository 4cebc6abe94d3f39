/**
 * One expression compiled for evaluation: the fast path when JSONata's own AST shows the expression is
 * in the subset, JSONata with guardrails otherwise. A fast-path error is never reported as such: the
 * same input is evaluated again by JSONata, so callers always get JSONata's own error object.
 */
import type jsonata from 'jsonata';
import type { FastEvaluator } from './fast-ast';
import { compileFastPath } from './fast-path';
import { guardedJsonata } from './guardrails';
import { isSequence } from './semantics';
import type { CompiledExpression, GuardrailOptions } from './types';

/** An expression parsed once, with its fast evaluator when it has one. */
export interface PreparedExpression {
	jsonata: jsonata.Expression;
	fast: FastEvaluator | null;
}

/** Parses an expression (throwing JSONata's syntax error) and compiles its fast path when eligible. */
export function prepareExpression(expression: string, options?: GuardrailOptions): PreparedExpression {
	const parsed = guardedJsonata(expression, options);
	return { jsonata: parsed, fast: compileFastPath(parsed.ast()) };
}

/** Compiles an expression: `evaluate` returns what `jsonata(expr).evaluate` would (a Promise when JSONata runs). */
export function compileExpression(expression: string, options?: GuardrailOptions): CompiledExpression {
	const prepared = prepareExpression(expression, options);
	const slow = (input: unknown, bindings?: Record<string, unknown>) =>
		prepared.jsonata.evaluate(input, bindings);
	const fast = prepared.fast;
	if (!fast) return { fast: false, evaluate: slow };
	return {
		fast: true,
		evaluate(input, bindings) {
			// bindings may redefine $lowercase and friends; a sequence as input is not wrapped by JSONata
			if ((bindings && Object.keys(bindings).length > 0) || isSequence(input)) return slow(input, bindings);
			try {
				return fast(input);
			} catch {
				return slow(input, bindings);
			}
		}
	};
}
