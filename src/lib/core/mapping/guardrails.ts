/**
 * JSONata evaluation with guardrails: jsonata 2.2's own `timeout` and `stack` options (checked at
 * every evaluation step, codes D1012 and D1011) and a bounded `$pad`, whose single native call could
 * otherwise allocate hundreds of megabytes before any step check runs. A runaway error is one that must
 * stop the run; it maps to a stable AppError code.
 */
import jsonata from 'jsonata';
import type { ErrorCode } from '../errors';
import type { GuardrailOptions } from './types';

/** Default budget of one evaluation, deepest evaluation nesting, and budget of one page. */
export const DEFAULT_GUARDRAILS: Required<GuardrailOptions> = {
	timeoutMs: 1000,
	maxDepth: 500,
	pageBudgetMs: 30_000
};

/** Widest `$pad` result allowed, in characters. */
export const MAX_PAD_WIDTH = 100_000;

type PadImplementation = (str: string | undefined, width: number, char?: string) => string | undefined;

let originalPad: Promise<PadImplementation> | undefined;

/** JSONata's built-in `$pad` implementation, read once from a JSONata environment. */
function builtInPad(): Promise<PadImplementation> {
	originalPad ??= jsonata('$pad')
		.evaluate(undefined)
		.then((definition: { implementation: PadImplementation }) => definition.implementation);
	return originalPad;
}

/** `$pad` with its width bounded; otherwise JSONata's own. Parameter names mirror JSONata's for partial application. */
async function boundedPad(
	str: string | undefined,
	width: number,
	char?: string
): Promise<string | undefined> {
	if (Math.abs(Math.trunc(width)) > MAX_PAD_WIDTH) {
		throw {
			code: 'MAPPING_TOO_LARGE',
			token: 'pad',
			value: width,
			message: `$pad width ${width} is over the limit of ${MAX_PAD_WIDTH} characters`
		};
	}
	return (await builtInPad())(str, width, char);
}

/** Parses an expression (throwing JSONata's syntax error) with guardrails installed. */
export function guardedJsonata(expression: string, options: GuardrailOptions = {}): jsonata.Expression {
	const compiled = jsonata(expression, {
		timeout: options.timeoutMs ?? DEFAULT_GUARDRAILS.timeoutMs,
		stack: options.maxDepth ?? DEFAULT_GUARDRAILS.maxDepth
	});
	compiled.registerFunction('pad', boundedPad, '<s-ns?:s>');
	return compiled;
}

/** The AppError code of a runaway evaluation (timeout, recursion, oversized result), or null for ordinary errors. */
export function runawayCode(thrown: unknown): ErrorCode | null {
	if (thrown instanceof RangeError) {
		if (/call stack/i.test(thrown.message)) return 'MAPPING_STACK';
		if (/invalid (string|array) length/i.test(thrown.message)) return 'MAPPING_TOO_LARGE';
		return null;
	}
	const code =
		typeof thrown === 'object' && thrown !== null ? (thrown as { code?: unknown }).code : undefined;
	if (code === 'D1012') return 'MAPPING_TIMEOUT';
	if (code === 'D1011') return 'MAPPING_STACK';
	if (code === 'MAPPING_TOO_LARGE') return 'MAPPING_TOO_LARGE';
	return null;
}
