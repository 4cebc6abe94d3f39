/**
 * Validation of a mapping spec before any run: every problem at once — JSONata syntax errors with
 * their code and position (Q19), empty and duplicate targets, targets that are not plain JSONata names.
 */
import jsonata from 'jsonata';
import { appError, type AppError } from '../errors';
import type { MappingSpec } from '../model';
import type { MappingProblem } from './types';

/** The target used in problems about the identifier expression. */
export const IDENTIFIER_TARGET = '(identifier)';

interface JsonataSyntaxError {
	code?: unknown;
	message?: unknown;
	position?: unknown;
	token?: unknown;
}

/** Turns JSONata's error position (just past the offending token) into a 0-based offset of the token's start. */
export function syntaxErrorOffset(expression: string, error: JsonataSyntaxError): number | undefined {
	if (typeof error.position !== 'number') return undefined;
	const end = Math.min(Math.max(error.position, 0), expression.length);
	if (typeof error.token === 'string' && error.token !== '(end)' && end >= error.token.length) {
		return end - error.token.length;
	}
	return end;
}

/** The syntax problem of one expression, or null when it parses. */
function expressionProblem(expression: string, target: string, label: string): MappingProblem | null {
	if (expression.trim() === '') {
		return {
			target,
			code: 'EMPTY_EXPRESSION',
			message: `The JSONata expression for ${label} is empty`,
			expression
		};
	}
	try {
		jsonata(expression);
		return null;
	} catch (thrown) {
		const error = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as JsonataSyntaxError;
		const code = typeof error.code === 'string' ? error.code : 'MAPPING_INVALID';
		const detail = typeof error.message === 'string' && error.message ? error.message : String(thrown);
		const problem: MappingProblem = {
			target,
			code,
			message: `Invalid JSONata expression for ${label}: ${detail}`,
			expression
		};
		const position = syntaxErrorOffset(expression, error);
		if (position !== undefined) problem.position = position;
		return problem;
	}
}

/** Whether a target can be written in JSONata without backticks (it parses as that one field name). */
export function isPlainFieldName(target: string): boolean {
	try {
		const ast = jsonata(target).ast() as { type: string; steps?: { type: string; value: unknown }[] };
		return (
			ast.type === 'path' &&
			ast.steps?.length === 1 &&
			ast.steps[0].type === 'name' &&
			ast.steps[0].value === target
		);
	} catch {
		return false;
	}
}

function targetProblems(target: string, label: string, seen: Map<string, string>): MappingProblem[] {
	if (target.trim() === '')
		return [{ target, code: 'EMPTY_TARGET', message: `The target of ${label} is empty` }];
	const problems: MappingProblem[] = [];
	const key = target.toLowerCase();
	const first = seen.get(key);
	if (first !== undefined) {
		problems.push({
			target,
			code: 'DUPLICATE_TARGET',
			message: `Target ${target} is used more than once (first as ${first})`
		});
	} else {
		seen.set(key, target);
	}
	if (target === '__proto__') {
		problems.push({ target, code: 'RESERVED_TARGET', message: `Target ${target} is a reserved name` });
	} else if (!isPlainFieldName(target)) {
		problems.push({
			target,
			code: 'TARGET_NEEDS_BACKTICKS',
			message: `Target ${target} is not a plain field name (it would need backticks in JSONata): use letters, digits and _`
		});
	}
	return problems;
}

/** Every problem of a mapping spec at once; an empty list means it can be compiled. */
export function validateMapping(spec: MappingSpec): MappingProblem[] {
	const problems: MappingProblem[] = [];
	const identifier = expressionProblem(spec.identifier.expression, IDENTIFIER_TARGET, 'the identifier');
	if (identifier) problems.push(identifier);
	const seen = new Map<string, string>();
	spec.fields.forEach((field, index) => {
		const label = field.target.trim() === '' ? `field #${index + 1}` : `field ${field.target}`;
		problems.push(...targetProblems(field.target, label, seen));
		const source = expressionProblem(field.source, field.target, label);
		if (source) problems.push(source);
	});
	return problems;
}

/** The MAPPING_INVALID error for a spec's problems: every message, pointing at the first problem. */
export function mappingInvalid(problems: readonly MappingProblem[]): AppError {
	const first = problems[0];
	return appError('MAPPING_INVALID', problems.map((problem) => problem.message).join('\n'), {
		field: first?.target,
		position: first?.position,
		detail: problems
	});
}
