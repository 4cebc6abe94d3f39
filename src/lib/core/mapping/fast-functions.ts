/** The functions of the fast path's subset: $lowercase, $uppercase, $trim, $string, $substringBefore, $substringAfter. */
import {
	signatureSymbol,
	substringAfter,
	substringBefore,
	toJsonataString,
	trimWhitespace,
	type FastPathError
} from './semantics';
import { hasOnlyKeys, hasOwn, type FastEvaluator, type Node } from './fast-ast';

/** Throws JSONata's T0410 for argument `index` (1-based) of a function call. */
function signatureError(value: unknown, index: number, position: unknown, token: string): FastPathError {
	return { code: 'T0410', value, index, position: position as number, token } as FastPathError;
}

/** A one-argument `<s-:s>` function: a string or undefined in, undefined out for undefined. */
function stringFunction(
	argument: FastEvaluator,
	position: unknown,
	token: string,
	apply: (value: string) => string
): FastEvaluator {
	return (input) => {
		const value = argument(input);
		if (typeof value === 'string') return apply(value);
		if (typeof value === 'undefined') return undefined;
		throw signatureError(value, 1, position, token);
	};
}

/** A two-argument `<s-s:s>` function: both string or undefined; undefined text gives undefined. */
function substringFunction(
	text: FastEvaluator,
	chars: FastEvaluator,
	position: unknown,
	token: string,
	apply: (value: string, chars: string | undefined) => string
): FastEvaluator {
	return (input) => {
		const value = text(input);
		const separator = chars(input);
		const valueSymbol = signatureSymbol(value);
		if (valueSymbol !== 's' && valueSymbol !== 'm') throw signatureError(value, 1, position, token);
		const separatorSymbol = signatureSymbol(separator);
		if (separatorSymbol !== 's' && separatorSymbol !== 'm')
			throw signatureError(separator, 2, position, token);
		if (typeof value === 'undefined') return undefined;
		return apply(value as string, separator as string | undefined);
	};
}

const FUNCTION_ARITY: Record<string, number> = {
	lowercase: 1,
	uppercase: 1,
	trim: 1,
	string: 1,
	substringBefore: 2,
	substringAfter: 2
};

/** Compiles a call of one of the subset's functions, its arguments with `compileNode`; null when outside the subset. */
export function compileFunctionCall(
	node: Node,
	compileNode: (node: Node) => FastEvaluator | null
): FastEvaluator | null {
	// the parser leaves an unused `name: undefined` on calls
	if (
		!hasOnlyKeys(node, ['type', 'value', 'arguments', 'procedure'], ['position', 'name']) ||
		node.name !== undefined
	) {
		return null;
	}
	const procedure = node.procedure as Node;
	if (procedure.type !== 'variable' || typeof procedure.value !== 'string') return null;
	if (!hasOnlyKeys(procedure, ['type', 'value'], ['position'])) return null;
	const name = procedure.value;
	const args = node.arguments as Node[];
	if (!hasOwn.call(FUNCTION_ARITY, name) || !Array.isArray(args) || args.length !== FUNCTION_ARITY[name])
		return null;
	const compiled: FastEvaluator[] = [];
	for (const arg of args) {
		const argument = compileNode(arg);
		if (!argument) return null;
		compiled.push(argument);
	}
	const position = node.position;
	switch (name) {
		case 'lowercase':
			return stringFunction(compiled[0], position, name, (value) => value.toLowerCase());
		case 'uppercase':
			return stringFunction(compiled[0], position, name, (value) => value.toUpperCase());
		case 'trim':
			return stringFunction(compiled[0], position, name, trimWhitespace);
		case 'substringBefore':
			return substringFunction(compiled[0], compiled[1], position, name, substringBefore);
		case 'substringAfter':
			return substringFunction(compiled[0], compiled[1], position, name, substringAfter);
		default: {
			const argument = compiled[0];
			return (input) => {
				const value = argument(input);
				try {
					// a function-valued argument is wrapped in a closure by JSONata and still prints as ''
					return toJsonataString(value);
				} catch (error) {
					if (typeof error === 'object' && error !== null) Object.assign(error, { position, token: name });
					throw error;
				}
			};
		}
	}
}
