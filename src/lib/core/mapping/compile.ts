/**
 * A mapping spec compiled once per run into one function over a page of records. Fast-path fields run
 * as plain JavaScript in one synchronous pass; the others are evaluated by one JSONata expression per
 * field, parsed once and reused for every record. A runaway evaluation, or a page whose JSONata
 * evaluations together overrun the page budget, rejects the whole page.
 */
import { AppFailure, appError } from '../errors';
import type { MappingSpec } from '../model';
import { prepareExpression, type PreparedExpression } from './expression';
import type { FastEvaluator } from './fast-ast';
import { DEFAULT_GUARDRAILS, runawayCode } from './guardrails';
import type { CompiledMapping, FieldError, GuardrailOptions, MappedRecord } from './types';
import { IDENTIFIER_TARGET, mappingInvalid, validateMapping } from './validate';

interface CompiledField extends PreparedExpression {
	target: string;
	label: string;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: FieldError };

function errorMessage(thrown: unknown): string {
	if (typeof thrown === 'object' && thrown !== null && typeof (thrown as Error).message === 'string') {
		return (thrown as Error).message;
	}
	return String(thrown);
}

/** Evaluates a field with JSONata; a runaway evaluation throws an AppFailure that ends the page. */
async function evaluateSlow(field: CompiledField, record: unknown): Promise<Outcome> {
	try {
		return { ok: true, value: await field.jsonata.evaluate(record) };
	} catch (thrown) {
		const runaway = runawayCode(thrown);
		const message = `Could not evaluate ${field.label}: ${errorMessage(thrown)}`;
		if (runaway) throw new AppFailure(appError(runaway, message, { field: field.target }));
		const code =
			typeof (thrown as { code?: unknown })?.code === 'string'
				? (thrown as { code: string }).code
				: 'MAPPING_EVAL';
		return { ok: false, error: { target: field.target, code, message } };
	}
}

/** Evaluates a field, on the fast path when it has one; a fast-path error is redone by JSONata for its exact error. */
function evaluateField(field: CompiledField, record: unknown): Outcome | Promise<Outcome> {
	if (!field.fast) return evaluateSlow(field, record);
	try {
		return { ok: true, value: field.fast(record) };
	} catch {
		return evaluateSlow(field, record);
	}
}

function recordId(record: Record<string, unknown>): string | null {
	const id = record !== null && typeof record === 'object' ? record.Id : undefined;
	return typeof id === 'string' ? id : null;
}

/** Compiles a spec; throws an AppFailure MAPPING_INVALID listing every problem when it does not validate. */
export function compileMapping(spec: MappingSpec, options?: GuardrailOptions): CompiledMapping {
	const problems = validateMapping(spec);
	if (problems.length > 0) throw new AppFailure(mappingInvalid(problems));
	const identifier: CompiledField = {
		target: IDENTIFIER_TARGET,
		label: 'the identifier',
		...prepareExpression(spec.identifier.expression, options)
	};
	const fields: CompiledField[] = spec.fields.map((field) => ({
		target: field.target,
		label: `field ${field.target}`,
		...prepareExpression(field.source, options)
	}));
	const all = [identifier, ...fields];
	const pageBudgetMs = options?.pageBudgetMs ?? DEFAULT_GUARDRAILS.pageBudgetMs;
	const fastCount = all.filter((field) => field.fast).length;
	const allFast = fastCount === all.length;

	const fastEvaluators = fields.map((field) => field.fast as FastEvaluator);
	const targets = fields.map((field) => field.target);
	const fastIdentifier = identifier.fast as FastEvaluator;

	/** Maps one record when every expression is on the fast path; null when one of them threw. */
	const mapFast = (record: Record<string, unknown>): MappedRecord | null => {
		try {
			const values: Record<string, unknown> = {};
			for (let index = 0; index < fastEvaluators.length; index++) {
				const value = fastEvaluators[index](record);
				if (value !== undefined) values[targets[index]] = value;
			}
			return { id: recordId(record), identifier: fastIdentifier(record), values, errors: [] };
		} catch {
			return null;
		}
	};

	const mapOne = async (record: Record<string, unknown>): Promise<MappedRecord> => {
		const errors: FieldError[] = [];
		const values: Record<string, unknown> = {};
		for (const field of fields) {
			const pending = evaluateField(field, record);
			// awaiting only JSONata's promises keeps fast fields free of microtask turns
			const outcome = pending instanceof Promise ? await pending : pending;
			if (!outcome.ok) errors.push(outcome.error);
			else if (outcome.value !== undefined) values[field.target] = outcome.value;
		}
		const pendingId = evaluateField(identifier, record);
		const id = pendingId instanceof Promise ? await pendingId : pendingId;
		if (!id.ok) errors.push(id.error);
		return { id: recordId(record), identifier: id.ok ? id.value : undefined, values, errors };
	};

	return {
		fastCount,
		slowCount: all.length - fastCount,
		targets,
		async mapPage(records) {
			const started = Date.now();
			const mapped: MappedRecord[] = new Array(records.length);
			for (let index = 0; index < records.length; index++) {
				const record = records[index];
				mapped[index] = (allFast && mapFast(record)) || (await mapOne(record));
				if (!allFast && Date.now() - started > pageBudgetMs) {
					throw new AppFailure(
						appError(
							'MAPPING_TIMEOUT',
							`Mapping one page took over ${pageBudgetMs} ms (stopped at record ${index + 1} of ${records.length}): simplify the slowest expressions`,
							{ detail: { slowTargets: fields.filter((field) => !field.fast).map((field) => field.target) } }
						)
					);
				}
			}
			return mapped;
		}
	};
}
