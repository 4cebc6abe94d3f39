/**
 * Test support for the differential tests: the outcome of an evaluation (a value or an error code) and a
 * strict comparison of outcomes that also sees what JSONata attaches to its results (sequence flags,
 * null prototypes), so "identical" means identical, not merely JSON-equal.
 */

/** What an evaluation produced. */
export type Outcome =
	{ ok: true; value: unknown } | { ok: false; code: string; token?: unknown; message?: unknown };

/** Runs an evaluation (sync or async) and captures its value or its error's code. */
export async function outcomeOf(evaluate: () => unknown): Promise<Outcome> {
	try {
		return { ok: true, value: await evaluate() };
	} catch (thrown) {
		const error = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as Record<string, unknown>;
		const code =
			typeof error.code === 'string' ? error.code : `(${(thrown as Error)?.name ?? typeof thrown})`;
		return { ok: false, code, token: error.token, message: error.message };
	}
}

const ARRAY_FLAGS = ['sequence', 'keepSingleton', 'outerWrapper', 'tupleStream', 'cons'] as const;

/** Strict sameness of two results: types, prototypes, own keys, array flags, and values (NaN equals NaN). */
export function sameValue(left: unknown, right: unknown): boolean {
	if (Object.is(left, right)) return true;
	if (typeof left !== typeof right || typeof left !== 'object' || left === null || right === null) {
		return typeof left === 'function' && typeof right === 'function';
	}
	if (Object.getPrototypeOf(left) !== Object.getPrototypeOf(right)) return false;
	if (Array.isArray(left)) {
		const other = right as unknown[];
		if (left.length !== other.length) return false;
		for (const flag of ARRAY_FLAGS) {
			if (
				(left as unknown as Record<string, unknown>)[flag] !==
				(other as unknown as Record<string, unknown>)[flag]
			) {
				return false;
			}
		}
		return left.every((item, index) => sameValue(item, other[index]));
	}
	const leftKeys = Object.keys(left);
	const rightKeys = Object.keys(right as object);
	if (leftKeys.length !== rightKeys.length) return false;
	return leftKeys.every(
		(key) =>
			Object.prototype.hasOwnProperty.call(right, key) &&
			sameValue((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key])
	);
}

/** Whether two outcomes are the same value, or errors with the same code. */
export function sameOutcome(left: Outcome, right: Outcome): boolean {
	if (left.ok && right.ok) return sameValue(left.value, right.value);
	if (!left.ok && !right.ok) return left.code === right.code;
	return false;
}

/** JSON-like equality as JSONata's own suite runner checks results (array flags and prototypes ignored). */
export function looseEqual(left: unknown, right: unknown): boolean {
	if (Object.is(left, right)) return true;
	if (typeof left === 'number' && typeof right === 'number') return left === right;
	if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
	if (Array.isArray(left) !== Array.isArray(right)) return false;
	if (Array.isArray(left)) {
		const other = right as unknown[];
		return left.length === other.length && left.every((item, index) => looseEqual(item, other[index]));
	}
	const leftKeys = Object.keys(left).filter((key) => (left as Record<string, unknown>)[key] !== undefined);
	const rightKeys = Object.keys(right).filter((key) => (right as Record<string, unknown>)[key] !== undefined);
	if (leftKeys.length !== rightKeys.length) return false;
	return leftKeys.every((key) =>
		looseEqual((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key])
	);
}
