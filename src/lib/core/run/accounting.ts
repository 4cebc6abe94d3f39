/**
 * Page accounting: turns one mapped page into stored rows and the counters after it (identifier
 * checks, dedupe, the row cap). No I/O; the only state it touches is the run's identifier set.
 */
import type { IdentifierKind } from '../model';
import { copyCounters, type RunCounters } from './counters';
import { hashValues, IdentifierSet, normalizeIdentifier } from './identifiers';
import type { MappedRecord, RunRow } from './types';

/** Duplicates listed by identifier at most (the rest are only counted). */
export const DUPLICATES_SAMPLE_SIZE = 100;

/** What the run knows while accounting a page. */
export interface AccountingContext {
	kind: IdentifierKind;
	/** Identifiers already stored in this run (added to as rows are kept). */
	seen: IdentifierSet;
	/** Most rows the run stores. */
	maxRows: number;
}

/** A page accounted. */
export interface PageAccount<T extends RunCounters> {
	counters: T;
	rows: RunRow[];
	/** The row cap was reached on this page while more rows remain (on it or after it). */
	capped: boolean;
}

/**
 * Accounts one page: `received` records came, `mapped` is their mapping in order, `more` says whether
 * pages follow. Returns new counters (the given ones are left untouched).
 */
export function accountPage<T extends RunCounters>(
	before: T,
	mapped: readonly MappedRecord[],
	received: number,
	more: boolean,
	context: AccountingContext
): PageAccount<T> {
	const next = copyCounters(before);
	const rows: RunRow[] = [];
	let capped = false;
	for (let index = 0; index < mapped.length; index++) {
		if (next.processed >= context.maxRows) {
			capped = true;
			break;
		}
		const record = mapped[index];
		const identifier = normalizeIdentifier(record.identifier, context.kind);
		if (!identifier.ok) {
			next.skipped++;
			next.skippedReasons[identifier.reason] = (next.skippedReasons[identifier.reason] ?? 0) + 1;
			continue;
		}
		if (!context.seen.add(identifier.key)) {
			next.duplicates++;
			if (next.duplicatesSample.length < DUPLICATES_SAMPLE_SIZE)
				next.duplicatesSample.push(identifier.display);
			continue;
		}
		next.processed++;
		next.fieldErrors += record.errors.length;
		const row: RunRow = {
			id: record.id,
			identifier: identifier.display,
			values: record.values,
			hash: hashValues(record.values)
		};
		if (record.errors.length) row.errors = record.errors;
		rows.push(row);
	}
	if (!capped && next.processed >= context.maxRows && more) capped = true;
	next.received += received;
	next.pages++;
	return { counters: next, rows, capped };
}
