/**
 * The incremental cursor: the highest (SystemModstamp, Id) pair among the records a run received, ties at
 * one instant ordered by Id. The next run asks for `SystemModstamp >= cursor - lookback`, so records
 * committed late (their stamp older than the moment they became visible) are still seen.
 */
import type { ExecuteRunOptions } from '../lib/core/run';
import type { QueryPage } from '../lib/core/salesforce';

/** Where the last run stopped. */
export interface Cursor {
	/** ISO 8601 UTC, e.g. 2026-11-01T08:00:00.000Z. */
	systemModstamp: string;
	id: string;
}

/** Seconds the next window starts before the cursor, at least. */
export const MIN_LOOKBACK_SECONDS = 600;

/** Epoch ms of a Salesforce date-time ("2026-11-01T08:00:00.000+0000" or ISO); NaN when unreadable. */
export function parseSalesforceTime(value: unknown): number {
	if (typeof value !== 'string') return NaN;
	return Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
}

/** The later of two cursors (by time, then by Id). */
export function laterCursor(a: Cursor | null, b: Cursor | null): Cursor | null {
	if (!a || !b) return a ?? b;
	const at = Date.parse(a.systemModstamp);
	const bt = Date.parse(b.systemModstamp);
	if (at !== bt) return at > bt ? a : b;
	return a.id >= b.id ? a : b;
}

/** The cursor of a page of records: its highest (SystemModstamp, Id). */
export function cursorOfRecords(records: readonly Record<string, unknown>[]): Cursor | null {
	let best: Cursor | null = null;
	for (const record of records) {
		const time = parseSalesforceTime(record.SystemModstamp);
		if (!Number.isFinite(time) || typeof record.Id !== 'string') continue;
		best = laterCursor(best, { systemModstamp: new Date(time).toISOString(), id: record.Id });
	}
	return best;
}

/** The start of the next window: the cursor minus the lookback (never less than MIN_LOOKBACK_SECONDS). */
export function windowStart(cursor: Cursor, lookbackSeconds: number): string {
	const lookback = Math.max(MIN_LOOKBACK_SECONDS, lookbackSeconds);
	return new Date(Date.parse(cursor.systemModstamp) - lookback * 1000).toISOString();
}

type RunClient = ExecuteRunOptions['client'];

/**
 * Wraps a client so the cursor of every page of the User query is known by page number (counted on from
 * `start.page`) before the run writes that page: `cursorUpTo(page)` is what that page's checkpoint carries.
 * Other queries (LoginHistory for the latest login) pass through uncounted.
 */
export function trackCursor(client: RunClient, start: { page: number; cursor: Cursor | null }) {
	const byPage = new Map<number, Cursor | null>();
	let pageNumber = start.page;
	const wrapped: RunClient = {
		async *queryPages(soql, options) {
			const pages = client.queryPages(soql, options) as AsyncIterable<QueryPage>;
			if (!/\bFROM\s+User\b/i.test(soql)) return yield* pages;
			for await (const page of pages) {
				byPage.set(++pageNumber, cursorOfRecords(page.records));
				yield page;
			}
		}
	};
	return {
		client: wrapped,
		/** The cursor over the pages up to `page`, and the one the run started with. */
		cursorUpTo(page: number): Cursor | null {
			let cursor = start.cursor;
			for (const [number, pageCursor] of byPage) if (number <= page) cursor = laterCursor(cursor, pageCursor);
			return cursor;
		}
	};
}
