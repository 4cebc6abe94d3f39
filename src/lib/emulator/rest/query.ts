/**
 * `GET /vXX.X/query`, `/queryAll` and their `nextRecordsUrl` cursors (SALESFORCE.md §3). Pages are cut
 * from the query plan on demand and serialized straight into the response text. While a client works on
 * a page, the next one is built in the background (once the current answer is out), so a client in
 * another process or thread does not wait for the generator. An optional page cache keeps serialized
 * pages of repeated queries (benchmarks run the same query again and again); it is keyed by the org's
 * version, so a change to the org never serves stale records.
 */
import type { Org } from '../data';
import { planQuery, SoqlError } from '../soql';
import { noteWork } from '../server-time';
import { retainedBytes, type PageCache, type PageText } from './page-cache';
import { DEFAULT_BATCH_SIZE, type CursorStore, type QueryCursor } from './query-cursors';
import { errorResponse, invalidLocatorResponse, jsonBytesResponse } from './responses';

/** A planned query: its row count and a way to read any slice of its rows. */
export type QueryPlan = ReturnType<typeof planQuery>;

/** What the query routes need from the emulator. */
export interface QueryDeps {
	org: Org;
	cursors: CursorStore;
	/** Absent when pages are not cached. */
	pageCache: PageCache | null;
	/** Whether to build the next page in the background after answering one. */
	prefetch: boolean;
}

/** Answers `query` (all = false) or `queryAll` (all = true) for the SOQL text `soql`. */
export function runQuery(
	deps: QueryDeps,
	input: { soql: string | null; all: boolean; apiVersion: string; batchSize: number | null }
): Response {
	if (input.soql === null || input.soql.trim() === '') {
		return errorResponse(400, 'MALFORMED_QUERY', 'A query string has to be specified');
	}
	let plan: QueryPlan;
	try {
		plan = planQuery(deps.org, input.soql, { all: input.all, apiVersion: input.apiVersion });
	} catch (error) {
		if (error instanceof SoqlError)
			return errorResponse(error.status, error.errorCode, error.message, error.fields);
		throw error;
	}
	const queryKey = `${input.all}\u0000${input.apiVersion}\u0000${input.soql}`;
	return pageResponse(deps, plan, queryKey, null, 0, input.batchSize ?? DEFAULT_BATCH_SIZE, input.apiVersion);
}

/** Answers a `nextRecordsUrl` request: `locator` is `<cursor id>-<offset>`. */
export function runQueryMore(
	deps: QueryDeps,
	input: { locator: string; apiVersion: string; batchSize: number | null }
): Response {
	const match = /^(01g[0-9A-Za-z]{12,15})-(\d{1,9})$/.exec(input.locator);
	const cursor = match ? deps.cursors.get(match[1]) : null;
	if (!match || !cursor) return invalidLocatorResponse();
	const offset = Number(match[2]);
	if (offset >= cursor.plan.totalSize) return invalidLocatorResponse();
	return pageResponse(
		deps,
		cursor.plan,
		cursor.queryKey,
		cursor,
		offset,
		input.batchSize ?? cursor.batchSize,
		input.apiVersion
	);
}

const encoder = new TextEncoder();

function buildPage(plan: QueryPlan, start: number, count: number, orgVersion: number): PageText {
	const { bytes, length, room } = plan.pageJson(start, count);
	return { start, count, orgVersion, bytes, length, room };
}

const pageKey = (queryKey: string, orgVersion: number, start: number, count: number) =>
	`${orgVersion}\u0000${start}\u0000${count}\u0000${queryKey}`;

/** The page from the cursor's page built ahead, the cache, or built now (and then cached). */
function findPage(
	deps: QueryDeps,
	plan: QueryPlan,
	queryKey: string,
	cursor: QueryCursor | null,
	start: number,
	count: number
): PageText {
	const version = deps.org.version;
	const ahead = cursor?.ahead;
	if (ahead && ahead.start === start && ahead.count === count && ahead.orgVersion === version) return ahead;
	const key = pageKey(queryKey, version, start, count);
	const cached = deps.pageCache?.get(key);
	if (cached) return cached;
	const page = buildPage(plan, start, count, version);
	// A query whose pages cannot all be kept would only push out other pages, and its own, before any reuse.
	const cache = deps.pageCache;
	if (cache && (retainedBytes(page) / Math.max(1, page.length)) * plan.totalSize <= cache.maxBytes)
		cache.set(key, page);
	return page;
}

function pageResponse(
	deps: QueryDeps,
	plan: QueryPlan,
	queryKey: string,
	cursor: QueryCursor | null,
	start: number,
	batchSize: number,
	apiVersion: string
): Response {
	const wanted = Math.max(0, Math.min(batchSize, plan.totalSize - start));
	const page = findPage(deps, plan, queryKey, cursor, start, wanted);
	const next = start + page.length;
	const done = page.length < wanted || next >= plan.totalSize;
	let head = `{"totalSize":${plan.totalSize},"done":${done}`;
	const values: QueryHead = { totalSize: plan.totalSize, done };
	if (!done) {
		const open = cursor ?? deps.cursors.open(plan, queryKey, batchSize);
		values.nextRecordsUrl = `/services/data/v${apiVersion}/query/${open.id}-${next}`;
		head += `,"nextRecordsUrl":"${values.nextRecordsUrl}"`;
		open.nextStart = next;
		if (deps.prefetch) setTimeout(() => buildAhead(deps, open, next, batchSize), 0);
	}
	const response = jsonBytesResponse(frame(page, encoder.encode(`${head},"records":`)));
	heads.set(response, values);
	return noteWork(response, page.length, plan.columns.length);
}

/** The values a query page writes before its records. */
export interface QueryHead {
	totalSize: number;
	done: boolean;
	nextRecordsUrl?: string;
}

const heads = new WeakMap<Response, QueryHead>();

/** totalSize, done and nextRecordsUrl of a query page answered here, without reading its body; else null. */
export function queryHeadOf(response: Response): QueryHead | null {
	return heads.get(response) ?? null;
}

/**
 * The response body: `head`, the page's records and `}`. The first response of a page built with room
 * around it is written in place; later ones (the page from the cache) are copies.
 */
function frame(page: PageText, head: Uint8Array): Uint8Array<ArrayBuffer> {
	const records = page.bytes;
	if (page.room >= head.length) {
		page.room = 0;
		const body = new Uint8Array(
			records.buffer,
			records.byteOffset - head.length,
			head.length + records.length + 1
		);
		body.set(head);
		body[body.length - 1] = CLOSE_OBJECT;
		return body;
	}
	const body = new Uint8Array(head.length + records.length + 1);
	body.set(head);
	body.set(records, head.length);
	body[body.length - 1] = CLOSE_OBJECT;
	return body;
}

const CLOSE_OBJECT = 0x7d;

/** Builds the page the client was just sent a link to, unless it already asked for it or went elsewhere. */
function buildAhead(deps: QueryDeps, cursor: QueryCursor, start: number, batchSize: number): void {
	if (cursor.nextStart !== start || cursor.ahead?.start === start || !deps.cursors.isOpen(cursor)) return;
	const count = Math.max(0, Math.min(batchSize, cursor.plan.totalSize - start));
	cursor.ahead = findPage(deps, cursor.plan, cursor.queryKey, null, start, count);
	deps.cursors.holdAhead(cursor);
}
