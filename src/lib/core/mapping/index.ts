/**
 * The mapping engine: validate a mapping spec, compile it once per run, map pages of records.
 * Expressions in a small subset run as plain JavaScript with JSONata's exact results; the rest run
 * through JSONata with a time budget and a depth limit.
 */
export { validateMapping, mappingInvalid, IDENTIFIER_TARGET } from './validate';
export { compileMapping } from './compile';
export { compileExpression } from './expression';
export { MAX_PAD_WIDTH } from './guardrails';
export type {
	CompiledExpression,
	CompiledMapping,
	FieldError,
	GuardrailOptions,
	MappedRecord,
	MappingProblem
} from './types';
