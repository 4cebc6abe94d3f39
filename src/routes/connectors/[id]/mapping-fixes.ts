/**
 * The backtick rule of JSONata names (seed 000): a field name with spaces or reserved characters must be
 * written in backticks. Quick fixes that apply it, and problem positions turned into editor ranges.
 */
import jsonata from 'jsonata';
import type { MappingProblem } from '$lib/core/mapping';
import type { EditorDiagnostic } from '$lib/ui/editors/soql-positions';

const PLAIN_NAME = /^[A-Za-z_$][\w$]*$/;

function parses(expression: string): boolean {
	try {
		jsonata(expression);
		return true;
	} catch {
		return false;
	}
}

/**
 * A source written as a field path whose names need backticks (`Last Login`, `Manager.Cost-Centre`)
 * rewritten with them; null when the source parses already or is not a plain path.
 */
export function backtickSource(source: string): string | null {
	const trimmed = source.trim();
	if (trimmed === '' || parses(trimmed) || /[`"'()[\]{}]/.test(trimmed)) return null;
	const fixed = trimmed
		.split('.')
		.map((segment) => segment.trim())
		.map((segment) => (PLAIN_NAME.test(segment) ? segment : `\`${segment}\``))
		.join('.');
	return parses(fixed) ? fixed : null;
}

/** A target turned into a plain field name (letters, digits and _), e.g. "Cost centre" → "cost_centre". */
export function plainTarget(target: string): string {
	const plain = target
		.trim()
		.replace(/[^A-Za-z0-9_]+/g, '_')
		.replace(/^_+|_+$/g, '');
	return /^[A-Za-z_]/.test(plain) ? plain : `field_${plain}`;
}

/** Problems with a position as editor ranges: the word (or one character) at the position. */
export function expressionDiagnostics(expression: string, problems: MappingProblem[]): EditorDiagnostic[] {
	return problems
		.filter((problem) => problem.position !== undefined)
		.map((problem) => {
			const from = Math.min(problem.position ?? 0, expression.length);
			const word = /^[\w$`]+/.exec(expression.slice(from))?.[0].length ?? 1;
			const to = Math.min(expression.length, from + Math.max(1, word));
			return {
				from: to > from ? from : Math.max(0, from - 1),
				to: Math.max(to, from),
				message: problem.message,
				severity: 'error'
			};
		});
}
