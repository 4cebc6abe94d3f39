/**
 * JSONata 2.2.2's value semantics, reproduced line for line for the fast path: sequences, field lookup,
 * effective boolean value, deep equality, `$string` and the argument type letters of function
 * signatures. Every function here mirrors the jsonata function of the same name (see
 * node_modules/jsonata/jsonata.js) so that compiled expressions return what JSONata returns.
 */

/** A JSONata sequence: an array flagged `sequence: true`, as jsonata's `createSequence` makes it. */
export type Sequence = unknown[] & {
	sequence: true;
	keepSingleton?: boolean;
	tupleStream?: boolean;
	cons?: boolean;
};

/** An error thrown by the fast path, shaped like JSONata's own thrown objects. */
export interface FastPathError {
	code: string;
	position?: number;
	token?: string;
	value?: unknown;
}

/** An empty sequence, or one holding a single item (jsonata `createSequence`). */
function createSequence(...items: unknown[]): Sequence {
	const sequence = [] as unknown as Sequence;
	sequence.sequence = true;
	if (items.length === 1) sequence.push(items[0]);
	return sequence;
}

/** jsonata `utils.isSequence`. */
export function isSequence(value: unknown): value is Sequence {
	return Array.isArray(value) && (value as Sequence).sequence === true;
}

/** jsonata `utils.isFunction`: native functions and objects flagged as JSONata functions or lambdas. */
function isJsonataFunction(value: unknown): boolean {
	if (typeof value === 'function') return true;
	if (!value) return false;
	const flagged = value as { _jsonata_function?: unknown; _jsonata_lambda?: unknown };
	return flagged._jsonata_function === true || flagged._jsonata_lambda === true;
}

/** jsonata `utils.isNumeric`: a number that is not NaN; infinite numbers throw D1001. */
function isNumeric(value: unknown): value is number {
	if (typeof value !== 'number') return false;
	const numeric = !isNaN(value);
	if (numeric && !isFinite(value)) throw { code: 'D1001', value } satisfies FastPathError;
	return numeric;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** jsonata `fn.lookup`: a field of an object, or of every object in an array, flattened. */
function lookup(input: unknown, key: string): unknown {
	if (Array.isArray(input)) {
		const result = createSequence();
		for (let index = 0; index < input.length; index++) {
			const found = lookup(input[index], key);
			if (typeof found !== 'undefined') {
				if (Array.isArray(found)) found.forEach((value) => result.push(value));
				else result.push(found);
			}
		}
		return result;
	}
	if (input !== null && typeof input === 'object' && hasOwn.call(input, key) && !isJsonataFunction(input)) {
		return (input as Record<string, unknown>)[key];
	}
	return undefined;
}

/** What jsonata's `evaluate` does to every node's result: an empty sequence is undefined, a singleton its item. */
function collapse(result: unknown): unknown {
	if (result && isSequence(result) && !result.tupleStream) {
		if (result.length === 0) return undefined;
		if (result.length === 1) return result.keepSingleton ? result : result[0];
	}
	return result;
}

/**
 * jsonata `evaluatePath` for a path made only of field names, evaluated against the expression's input.
 * The input of a top-level path is always a one-item sequence (jsonata wraps an array input in one).
 */
export function evaluateNamePath(input: unknown, keys: readonly string[]): unknown {
	let inputSequence: unknown[] = [input];
	let resultSequence: unknown[] = createSequence();
	for (let step = 0; step < keys.length; step++) {
		const key = keys[step];
		const results: unknown[] = [];
		for (let index = 0; index < inputSequence.length; index++) {
			const found = collapse(lookup(inputSequence[index], key));
			if (typeof found !== 'undefined') results.push(found);
		}
		const lastStep = step === keys.length - 1;
		if (lastStep && results.length === 1 && Array.isArray(results[0]) && !isSequence(results[0])) {
			resultSequence = results[0] as unknown[];
		} else {
			resultSequence = createSequence();
			for (const found of results) {
				if (!Array.isArray(found) || (found as Sequence).cons) resultSequence.push(found);
				else Array.prototype.forEach.call(found, (value: unknown) => resultSequence.push(value));
			}
		}
		if (resultSequence.length === 0) break;
		inputSequence = resultSequence;
	}
	return collapse(resultSequence);
}

/** jsonata `fn.boolean`: the effective boolean value; undefined stays undefined. */
export function toBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'undefined') return undefined;
	let result = false;
	if (Array.isArray(value)) {
		if (value.length === 1) result = toBoolean(value[0]) as boolean;
		else if (value.length > 1) result = value.filter((item) => toBoolean(item)).length > 0;
	} else if (typeof value === 'string') {
		if (value.length > 0) result = true;
	} else if (isNumeric(value)) {
		if (value !== 0) result = true;
	} else if (value !== null && typeof value === 'object' && !isJsonataFunction(value)) {
		if (Object.keys(value).length > 0) result = true;
	} else if (typeof value === 'boolean' && value === true) {
		result = true;
	}
	return result;
}

/** jsonata `boolize`: the effective boolean value with undefined as false (for `and` / `or`). */
export function boolize(value: unknown): boolean {
	const booled = toBoolean(value);
	return typeof booled === 'undefined' ? false : booled;
}

/** jsonata `utils.isDeepEqual`. */
function isDeepEqual(lhs: unknown, rhs: unknown): boolean {
	if (lhs === rhs) return true;
	if (typeof lhs === 'object' && typeof rhs === 'object' && lhs !== null && rhs !== null) {
		if (Array.isArray(lhs) && Array.isArray(rhs)) {
			if (lhs.length !== rhs.length) return false;
			for (let index = 0; index < lhs.length; index++) {
				if (!isDeepEqual(lhs[index], rhs[index])) return false;
			}
			return true;
		}
		const leftKeys = Object.getOwnPropertyNames(lhs).sort();
		const rightKeys = Object.getOwnPropertyNames(rhs).sort();
		if (leftKeys.length !== rightKeys.length) return false;
		for (let index = 0; index < leftKeys.length; index++) {
			if (leftKeys[index] !== rightKeys[index]) return false;
		}
		for (const key of leftKeys) {
			if (!isDeepEqual((lhs as Record<string, unknown>)[key], (rhs as Record<string, unknown>)[key]))
				return false;
		}
		return true;
	}
	return false;
}

function stringifyReplacer(_key: string, value: unknown): unknown {
	if (typeof value !== 'undefined' && value !== null && isNumeric(value)) {
		return !Number.isInteger(value) ? Number(value.toPrecision(15)) : value;
	}
	return value && isJsonataFunction(value) ? '' : value;
}

/** jsonata `fn.string` without prettifying: strings as they are, numbers to 15 significant digits, JSON for the rest. */
export function toJsonataString(value: unknown): string | undefined {
	if (typeof value === 'undefined') return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number') {
		if (!isFinite(value)) throw { code: 'D3001', value } satisfies FastPathError;
		return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
	}
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (value === null) return 'null';
	if (isJsonataFunction(value)) return '';
	const unwrapped =
		Array.isArray(value) && (value as { outerWrapper?: boolean }).outerWrapper ? value[0] : value;
	return JSON.stringify(unwrapped, stringifyReplacer);
}

/** The type letter jsonata's signature validator gives a value (s, n, b, l, a, o, f, or m for missing). */
export function signatureSymbol(value: unknown): string {
	if (isJsonataFunction(value)) return 'f';
	switch (typeof value) {
		case 'string':
			return 's';
		case 'number':
			return 'n';
		case 'boolean':
			return 'b';
		case 'object':
			if (value === null) return 'l';
			return Array.isArray(value) ? 'a' : 'o';
		default:
			return 'm';
	}
}

/** jsonata `evaluateStringConcat` (`&`): both sides through `$string`, undefined as ''. */
export function concatStrings(lhs: unknown, rhs: unknown): string {
	const left = typeof lhs !== 'undefined' ? (toJsonataString(lhs) as string) : '';
	const right = typeof rhs !== 'undefined' ? (toJsonataString(rhs) as string) : '';
	return left.concat(right);
}

/** jsonata `evaluateEqualityExpression` (`=` and `!=`): false when either side is undefined. */
export function equals(lhs: unknown, rhs: unknown): boolean {
	if (typeof lhs === 'undefined' || typeof rhs === 'undefined') return false;
	return isDeepEqual(lhs, rhs);
}

/** jsonata `evaluateComparisonExpression` (`<`, `<=`, `>`, `>=`); throws T2010 / T2009 like JSONata. */
export function compare(lhs: unknown, rhs: unknown, operator: '<' | '<=' | '>' | '>='): boolean | undefined {
	const leftType = typeof lhs;
	const rightType = typeof rhs;
	const leftComparable = leftType === 'undefined' || leftType === 'string' || leftType === 'number';
	const rightComparable = rightType === 'undefined' || rightType === 'string' || rightType === 'number';
	if (!leftComparable || !rightComparable) {
		throw {
			code: 'T2010',
			value: !(leftType === 'string' || leftType === 'number') ? lhs : rhs
		} satisfies FastPathError;
	}
	if (leftType === 'undefined' || rightType === 'undefined') return undefined;
	if (leftType !== rightType) throw { code: 'T2009', value: lhs } satisfies FastPathError;
	const left = lhs as string | number;
	const right = rhs as string | number;
	switch (operator) {
		case '<':
			return left < right;
		case '<=':
			return left <= right;
		case '>':
			return left > right;
		case '>=':
			return left >= right;
	}
}

/** jsonata `fn.trim`: runs of space, tab, CR and LF become one space; one leading and trailing space go. */
export function trimWhitespace(value: string): string {
	let result = value.replace(/[ \t\n\r]+/gm, ' ');
	if (result.charAt(0) === ' ') result = result.substring(1);
	if (result.charAt(result.length - 1) === ' ') result = result.substring(0, result.length - 1);
	return result;
}

/** jsonata `fn.substringBefore` (str is a string or undefined; chars may be undefined, as in JSONata). */
export function substringBefore(value: string, chars: string | undefined): string {
	const found = value.indexOf(chars as string);
	return found > -1 ? value.substr(0, found) : value;
}

/** jsonata `fn.substringAfter`. */
export function substringAfter(value: string, chars: string | undefined): string {
	const found = value.indexOf(chars as string);
	return found > -1 ? value.substr(found + (chars as string).length) : value;
}
