/**
 * Partitioned REST: the run's query split into disjoint Id ranges, each walked by its own cursor, the
 * cursors running side by side and their pages merged into one stream for the run.
 *
 * Boundaries, found with two requests whatever the org's size: the first and the last Id the query
 * returns (`SELECT Id … ORDER BY Id ASC|DESC LIMIT 1`, each one row). A 15-character Salesforce Id is a
 * base-62 number with the digits in ASCII order (0-9, A-Z, a-z), the order of `ORDER BY Id`; the span
 * between the two is cut into equal numeric parts and each cut written back as a 15-character Id. This
 * is how Salesforce's own PK chunking bounds its chunks (`WHERE Id >= 001300000000000 AND Id <
 * 00130000000132G`); OFFSET (capped at 2,000) and made-up locator offsets (undocumented) are not used.
 * The first range has no lower bound and the last no upper bound, so every row falls in exactly one
 * range whatever Salesforce's Id order: no gaps, no duplicates. Ranges are even in Id space, not in
 * rows; users are created over time with rising Ids, so the parts come out close in size.
 *
 * Limits: since API v56 a user may hold any number of open cursors; each request here is one page
 * (well under the 20 s after which a request counts as long-running), and at most MAX_PARTITIONS
 * cursors run at once, so a run has at most that many requests in flight besides its LoginHistory
 * lookups.
 *
 * Resume: the checkpoint holds every cursor's state (its next page, last Id, counts). A page is
 * counted in that state only once the run has it, so pages fetched ahead and lost in a stop are
 * fetched again, and an expired cursor goes on after its last Id.
 */
import type { SalesforceRecord } from '../salesforce/responses';
import type { QueryPage } from '../salesforce/client';
import { cursorPages, type CursorPage, type RestQueryClient, type SourcePage } from './rest-cursor';
import { settledQueue } from '../settled-queue';
import { edgeIdQuery, withinIdRange } from './soql';
import type { CursorState } from './types';

/** Most cursors a run keeps open at once. */
export const MAX_PARTITIONS = 8;

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = BigInt(62);
const ID_LENGTH = 15;

/** The number a Salesforce Id's first 15 characters stand for. */
export function idToNumber(id: string): bigint {
	let value = BigInt(0);
	for (const char of id.slice(0, ID_LENGTH)) {
		const digit = DIGITS.indexOf(char);
		if (digit < 0) throw new RangeError(`'${id}' is not a Salesforce Id.`);
		value = value * BASE + BigInt(digit);
	}
	return value;
}

/** The 15-character Id of a number. */
export function numberToId(value: bigint): string {
	let id = '';
	let rest = value;
	for (let index = 0; index < ID_LENGTH; index++) {
		id = DIGITS[Number(rest % BASE)] + id;
		rest /= BASE;
	}
	return id;
}

/** Cuts between `first` and `last` Id into up to `parts` ranges: the inner boundaries, rising, none repeated. */
export function splitIdSpan(first: string, last: string, parts: number): string[] {
	const low = idToNumber(first);
	const span = idToNumber(last) - low + BigInt(1);
	const cuts: string[] = [];
	for (let part = 1; part < parts; part++) {
		const cut = low + (span * BigInt(part)) / BigInt(parts);
		if (cut <= low) continue;
		const id = numberToId(cut);
		if (cuts.at(-1) !== id) cuts.push(id);
	}
	return cuts;
}

/** The client calls planning makes. */
export interface PartitionClient extends RestQueryClient {
	query(soql: string, options?: { all?: boolean; signal?: AbortSignal }): Promise<QueryPage>;
}

const firstId = (page: QueryPage) => {
	const id = (page.records[0] as SalesforceRecord | undefined)?.Id;
	return typeof id === 'string' ? id : null;
};

/** The cursors of a run split in up to `parts` Id ranges (one cursor when the query returns 0 or 1 Id). */
export async function planPartitions(
	client: PartitionClient,
	soql: string,
	options: { all: boolean; parts: number; signal?: AbortSignal }
): Promise<CursorState[]> {
	const ask = { all: options.all, signal: options.signal };
	const [first, last] = await Promise.all([
		client.query(edgeIdQuery(soql, 'ASC'), ask).then(firstId),
		client.query(edgeIdQuery(soql, 'DESC'), ask).then(firstId)
	]);
	const cuts = first && last ? splitIdSpan(first, last, Math.min(options.parts, MAX_PARTITIONS)) : [];
	const bounds = [null, ...cuts, null];
	const ranges =
		cuts.length === 0
			? [soql]
			: bounds.slice(0, -1).map((from, at) => withinIdRange(soql, from, bounds[at + 1]));
	return ranges.map(freshCursor);
}

/** The state of a cursor over `soql` before its first page. */
export function freshCursor(soql: string): CursorState {
	return { soql, nextRecordsUrl: null, lastId: null, pages: 0, received: 0, totalSize: null, done: false };
}

/** The rows all cursors announced, once each has; else `estimate`. */
function announced(states: readonly CursorState[], estimate: number | null): number | null {
	let total = 0;
	for (const state of states) {
		if (state.totalSize === null) return estimate;
		total += state.totalSize;
	}
	return total;
}

/**
 * Every page of every cursor, as they come, each with every cursor's state once the run has it.
 * `estimate` stands for the total until every cursor has announced its own.
 */
export async function* partitionedSource(
	client: RestQueryClient,
	start: readonly CursorState[],
	options: { all: boolean; batchSize: number; estimate: number | null; signal?: AbortSignal }
): AsyncGenerator<SourcePage> {
	const states = start.map((state) => ({ ...state }));
	const stop = new AbortController();
	const forward = () => stop.abort();
	if (options.signal?.aborted) stop.abort();
	options.signal?.addEventListener('abort', forward, { once: true });
	const cursorOptions = {
		all: options.all,
		batchSize: options.batchSize,
		orderedById: true,
		signal: stop.signal
	};
	const cursors = new Map<number, AsyncGenerator<CursorPage>>();
	type Pulled = { at: number; result: IteratorResult<CursorPage> } | { at: number; error: unknown };
	// A cursor may wait long while the others deliver: pulls are taken as they settle (settled-queue.ts).
	const pulls = settledQueue<Pulled>();
	const pull = (at: number) =>
		pulls.add(
			cursors
				.get(at)!
				.next()
				.then(
					(result): Pulled => ({ at, result }),
					(error: unknown): Pulled => ({ at, error })
				)
		);
	try {
		states.forEach((state, at) => {
			if (state.done) return;
			cursors.set(at, cursorPages(client, state, cursorOptions));
			pull(at);
		});
		while (pulls.size > 0) {
			const pulled = await pulls.take();
			if ('error' in pulled) throw pulled.error;
			const { at, result } = pulled;
			if (result.done) continue;
			states[at] = result.value.state;
			const snapshot = states.map((state) => ({ ...state }));
			yield {
				records: result.value.records,
				position: {
					nextRecordsUrl: null,
					lastId: null,
					done: snapshot.every((state) => state.done),
					totalSize: announced(snapshot, options.estimate),
					source: { kind: 'partitions', partitions: snapshot }
				}
			};
			pull(at);
		}
	} finally {
		options.signal?.removeEventListener('abort', forward);
		stop.abort();
		for (const cursor of cursors.values()) cursor.return(undefined).catch(() => undefined);
	}
}
