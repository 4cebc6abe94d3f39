/** The AST nodes the fast path reads, and the check that a node has only the properties the subset knows. */

/** A compiled fast-path expression: input in, JSONata's result out; throws JSONata-shaped errors. */
export type FastEvaluator = (input: unknown) => unknown;

/** An AST node as jsonata builds it; read only through `hasOnlyKeys` and type checks. */
export type Node = Record<string, unknown> & { type?: string; value?: unknown; position?: number };

/** Object.prototype.hasOwnProperty, called on nodes that may shadow it. */
export const hasOwn = Object.prototype.hasOwnProperty;

/** Whether the node has exactly the allowed own properties (jsonata tests their presence, not their value). */
export function hasOnlyKeys(
	node: Node,
	required: readonly string[],
	optional: readonly string[] = []
): boolean {
	for (const key of required) if (!hasOwn.call(node, key)) return false;
	for (const key of Object.keys(node)) {
		if (!required.includes(key) && !optional.includes(key)) return false;
	}
	return true;
}
