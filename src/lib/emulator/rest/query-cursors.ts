/**
 * The open query cursors behind `nextRecordsUrl` (their store, expiry and pages built ahead) and the
 * batch size a request asks for in `Sforce-Query-Options`.
 */
import type { PageText } from './page-cache';
import type { QueryPlan } from './query';

/** An open query cursor. */
export interface QueryCursor {
	id: string;
	plan: QueryPlan;
	/** What identifies the query's records: queryAll or not, the API version of its URLs, the SOQL text. */
	queryKey: string;
	batchSize: number;
	lastUsedAt: number;
	/** Offset of the page the client was last sent a link to. */
	nextStart: number;
	/** That page, built ahead of the request. */
	ahead: PageText | null;
}

/** Open cursors of the org; they expire after a time without use (a finished cursor stays readable until then). */
export interface CursorStore {
	open(plan: QueryPlan, queryKey: string, batchSize: number): QueryCursor;
	/** The cursor, or null when unknown or expired; counts as a use. */
	get(id: string): QueryCursor | null;
	/** Whether the cursor is still open, without counting as a use. */
	isOpen(cursor: QueryCursor): boolean;
	/** Records that a cursor holds a page built ahead; only the few most recent ones keep theirs. */
	holdAhead(cursor: QueryCursor): void;
	drop(id: string): void;
	clear(): void;
	readonly size: number;
}

export const DEFAULT_BATCH_SIZE = 2000;
export const MIN_BATCH_SIZE = 200;
export const MAX_BATCH_SIZE = 2000;
/** Cursors that may hold a page built ahead at one time. */
const MAX_PAGES_AHEAD = 4;

/** Creates the cursor store; beyond `maxOpen` cursors the least recently used one is dropped. */
export function createCursorStore(options: {
	now(): number;
	lifetimeMs: number;
	maxOpen: number;
}): CursorStore {
	const cursors = new Map<string, QueryCursor>();
	let holdingAhead: QueryCursor[] = [];
	let serial = 0;
	return {
		open(plan, queryKey, batchSize) {
			serial++;
			const id = '01g' + 'EM' + serial.toString(36).toUpperCase().padStart(13, '0');
			const cursor: QueryCursor = {
				id,
				plan,
				queryKey,
				batchSize,
				lastUsedAt: options.now(),
				nextStart: 0,
				ahead: null
			};
			cursors.set(id, cursor);
			if (cursors.size > options.maxOpen) cursors.delete(cursors.keys().next().value as string);
			return cursor;
		},
		get(id) {
			const cursor = cursors.get(id);
			if (!cursor) return null;
			const now = options.now();
			if (now - cursor.lastUsedAt >= options.lifetimeMs) {
				cursors.delete(id);
				return null;
			}
			cursor.lastUsedAt = now;
			cursors.delete(id);
			cursors.set(id, cursor);
			return cursor;
		},
		isOpen(cursor) {
			return cursors.get(cursor.id) === cursor;
		},
		holdAhead(cursor) {
			holdingAhead = holdingAhead.filter((held) => held !== cursor);
			holdingAhead.push(cursor);
			while (holdingAhead.length > MAX_PAGES_AHEAD) (holdingAhead.shift() as QueryCursor).ahead = null;
		},
		drop(id) {
			cursors.delete(id);
		},
		clear() {
			cursors.clear();
			for (const cursor of holdingAhead) cursor.ahead = null;
			holdingAhead = [];
		},
		get size() {
			return cursors.size;
		}
	};
}

/** The batch size asked for in `Sforce-Query-Options: batchSize=N`, kept within 200–2000; null when absent. */
export function requestedBatchSize(request: Request): number | null {
	const options = request.headers.get('sforce-query-options');
	const match = options ? /(?:^|[,;\s])batchSize\s*=\s*(\d+)/i.exec(options) : null;
	if (!match) return null;
	return Math.min(MAX_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(match[1])));
}
