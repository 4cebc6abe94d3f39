/**
 * The fast path: turns a JSONata AST (from `jsonata(expr).ast()`) into a plain JavaScript function when
 * every node belongs to a small subset whose semantics are reproduced exactly in semantics.ts —
 * field paths, string / number / true / false / null literals, `&`, `=`, `!=`, `<`, `<=`, `>`, `>=`,
 * `and`, `or`, `? :`, parentheses, and $lowercase, $uppercase, $trim, $string (one argument) and
 * $substringBefore / $substringAfter (two arguments). A node with any property outside what the
 * subset knows (predicates, `[]`, grouping, focus or index bindings…) makes the whole expression
 * ineligible, so anything not provably identical is left to JSONata.
 */
import type jsonata from 'jsonata';
import { boolize, compare, concatStrings, equals, evaluateNamePath, toBoolean } from './semantics';
import { compileFunctionCall } from './fast-functions';
import { hasOnlyKeys, hasOwn, type FastEvaluator, type Node } from './fast-ast';

const objectPrototype = Object.prototype;
const getPrototypeOf = Object.getPrototypeOf;

/** Marks a path that met an array: it is then evaluated with JSONata's full sequence rules. */
const SLOW = Symbol('slow');

function compilePath(node: Node): FastEvaluator | null {
	if (!hasOnlyKeys(node, ['type', 'steps']) || !Array.isArray(node.steps) || node.steps.length === 0)
		return null;
	const keys: string[] = [];
	for (const step of node.steps as Node[]) {
		if (step.type !== 'name' || typeof step.value !== 'string') return null;
		if (!hasOnlyKeys(step, ['type', 'value'], ['position'])) return null;
		keys.push(step.value);
	}
	const count = keys.length;
	// a key Object.prototype also has (toString, __proto__…) is always checked as an own property
	const inherited = keys.map((key) => key in Object.prototype);
	const walk = (input: unknown): unknown => {
		let current = input as Record<string, unknown>;
		for (let step = 0; step < count; step++) {
			if (current === null || typeof current !== 'object') return undefined;
			if (Array.isArray(current)) return SLOW;
			const key = keys[step];
			const next = current[key];
			if (next === undefined) return undefined;
			if (current._jsonata_function === true || current._jsonata_lambda === true) return undefined;
			if ((inherited[step] || getPrototypeOf(current) !== objectPrototype) && !hasOwn.call(current, key)) {
				return undefined;
			}
			current = next as Record<string, unknown>;
		}
		return Array.isArray(current) ? SLOW : current;
	};
	return (input) => {
		const value = walk(input);
		return value === SLOW ? evaluateNamePath(input, keys) : value;
	};
}

function compileBinary(node: Node): FastEvaluator | null {
	if (!hasOnlyKeys(node, ['type', 'value', 'lhs', 'rhs'], ['position'])) return null;
	const left = compileNode(node.lhs as Node);
	const right = compileNode(node.rhs as Node);
	if (!left || !right) return null;
	const position = node.position;
	const operator = node.value as string;
	const positioned = (error: unknown): unknown => {
		if (typeof error === 'object' && error !== null) Object.assign(error, { position, token: operator });
		return error;
	};
	switch (operator) {
		case '&':
			return (input) => {
				const lhs = left(input);
				const rhs = right(input);
				try {
					return concatStrings(lhs, rhs);
				} catch (error) {
					throw positioned(error);
				}
			};
		case '=':
			return (input) => {
				const lhs = left(input);
				return equals(lhs, right(input));
			};
		case '!=':
			return (input) => {
				const lhs = left(input);
				const rhs = right(input);
				return typeof lhs === 'undefined' || typeof rhs === 'undefined' ? false : !equals(lhs, rhs);
			};
		case '<':
		case '<=':
		case '>':
		case '>=':
			return (input) => {
				const lhs = left(input);
				const rhs = right(input);
				try {
					return compare(lhs, rhs, operator);
				} catch (error) {
					throw positioned(error);
				}
			};
		case 'and':
			return (input) => {
				const lhs = left(input);
				try {
					return boolize(lhs) && boolize(right(input));
				} catch (error) {
					throw positioned(error);
				}
			};
		case 'or':
			return (input) => {
				const lhs = left(input);
				try {
					return boolize(lhs) || boolize(right(input));
				} catch (error) {
					throw positioned(error);
				}
			};
		default:
			return null;
	}
}

function compileCondition(node: Node): FastEvaluator | null {
	if (!hasOnlyKeys(node, ['type', 'condition', 'then'], ['else', 'position'])) return null;
	const condition = compileNode(node.condition as Node);
	const then = compileNode(node.then as Node);
	const otherwise = node.else === undefined ? undefined : compileNode(node.else as Node);
	if (!condition || !then || otherwise === null) return null;
	if (!otherwise) return (input) => (toBoolean(condition(input)) ? then(input) : undefined);
	return (input) => (toBoolean(condition(input)) ? then(input) : otherwise(input));
}

function compileBlock(node: Node): FastEvaluator | null {
	if (!hasOnlyKeys(node, ['type', 'expressions'], ['position']) || !Array.isArray(node.expressions))
		return null;
	const expressions: FastEvaluator[] = [];
	for (const expression of node.expressions as Node[]) {
		const compiled = compileNode(expression);
		if (!compiled) return null;
		expressions.push(compiled);
	}
	if (expressions.length === 1) return expressions[0];
	return (input) => {
		let result: unknown;
		for (const expression of expressions) result = expression(input);
		return result;
	};
}

function compileLiteral(node: Node): FastEvaluator | null {
	if (!hasOnlyKeys(node, ['type', 'value'], ['position'])) return null;
	const value = node.value;
	if (node.type === 'string' && typeof value !== 'string') return null;
	if (node.type === 'number' && typeof value !== 'number') return null;
	if (node.type === 'value' && value !== null && typeof value !== 'boolean') return null;
	return () => value;
}

function compileNode(node: Node): FastEvaluator | null {
	if (typeof node !== 'object' || node === null) return null;
	switch (node.type) {
		case 'path':
			return compilePath(node);
		case 'string':
		case 'number':
		case 'value':
			return compileLiteral(node);
		case 'binary':
			return compileBinary(node);
		case 'condition':
			return compileCondition(node);
		case 'block':
			return compileBlock(node);
		case 'function':
			return compileFunctionCall(node, compileNode);
		default:
			return null;
	}
}

/** Compiles a parsed JSONata expression to plain JavaScript, or returns null when it is outside the subset. */
export function compileFastPath(ast: jsonata.ExprNode): FastEvaluator | null {
	// every compiled node already returns a collapsed result, as jsonata's evaluate does after each node
	return compileNode(ast as unknown as Node);
}
