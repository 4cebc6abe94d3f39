/** Types of the mapping engine's public surface. */

/** One problem in a mapping spec, found before any run starts. */
export interface MappingProblem {
	/** The field's target, or '(identifier)' for the identifier expression. */
	target: string;
	/** A JSONata syntax code (S0202…) or DUPLICATE_TARGET, EMPTY_TARGET, EMPTY_EXPRESSION,
	 * TARGET_NEEDS_BACKTICKS, RESERVED_TARGET. */
	code: string;
	/** "Invalid JSONata expression for field X: …" and the like, for a person to act on. */
	message: string;
	/** 0-based offset in the expression the problem points at. */
	position?: number;
	expression?: string;
}

/** Limits applied to every expression JSONata evaluates. */
export interface GuardrailOptions {
	/** Budget of one evaluation (one expression over one record), in milliseconds. */
	timeoutMs?: number;
	/** Deepest nesting of evaluation steps (recursion) allowed. */
	maxDepth?: number;
	/** Budget of mapping one page when some expressions run through JSONata, in milliseconds. */
	pageBudgetMs?: number;
}

/** An evaluation error of one field of one record; the field is then left out of `values`. */
export interface FieldError {
	target: string;
	/** JSONata's code (T0410, D3001…). */
	code: string;
	message: string;
}

/** One record after mapping. */
export interface MappedRecord {
	/** The record's Id, or null when it has none. */
	id: string | null;
	/** The raw result of the identifier expression (normalised later by the run). */
	identifier: unknown;
	/** Target → result; a target whose result is undefined is left out. */
	values: Record<string, unknown>;
	errors: FieldError[];
}

/** A mapping spec compiled once per run. */
export interface CompiledMapping {
	/** Maps one page of records, in order. Rejects with an AppFailure (MAPPING_TIMEOUT, MAPPING_STACK,
	 * MAPPING_TOO_LARGE) when an expression runs away: the run must stop. */
	mapPage(records: Record<string, unknown>[]): Promise<MappedRecord[]>;
	/** How many expressions (identifier included) run on the fast path. */
	fastCount: number;
	/** How many expressions (identifier included) are evaluated by JSONata. */
	slowCount: number;
	/** Field targets in mapping order. */
	targets: string[];
}

/** One compiled expression. */
export interface CompiledExpression {
	/** Whether the expression runs as plain JavaScript. */
	fast: boolean;
	/** Returns (or resolves to) what `jsonata(expr).evaluate(input, bindings)` returns, and throws what it throws. */
	evaluate(input: unknown, bindings?: Record<string, unknown>): unknown | Promise<unknown>;
}
