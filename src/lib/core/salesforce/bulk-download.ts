/**
 * Downloading a completed Bulk query job's results. Two protocols:
 * - `resultPages` (API 58.0+): the listing hands out result URLs five at a time, with the link to more;
 *   the listing is walked in order (its next part asked for while pages download), the pages it names are
 *   downloaded `concurrency` at a time and come out as they finish. The locators are in the JSON body, so no response header needs to be readable.
 * - `locators`: `/results?locator=&maxRecords=` where each page's `Sforce-Locator` header names the next
 *   page (the literal `null` after the last). The chain is sequential by nature: a page's locator is only
 *   known once the page before it has been answered, so only one download is ever in flight.
 * A page that comes back cut off is asked for again (a few times); pages already delivered before a
 * resume are skipped.
 */
import { AppFailure, appError, toAppError } from '../errors';
import { settledQueue } from '../settled-queue';
import { parseBulkCsvPage, type BulkRecordReader } from './bulk-csv';
import { buildBulkLinkRequest, buildQueryResultsRequest, buildResultPagesRequest } from './bulk-requests';
import type { SalesforceAnswer, SalesforceClient } from './client';
import type { SalesforceRequest } from './requests';
import type { SalesforceRecord } from './responses';
import type { Sleep } from './retry';

/** How the pages of a job are found. */
export type PageSource = { kind: 'resultPages' } | { kind: 'locators'; maxRecords?: number };

/** A downloaded page, its key for resuming, and the resume facts of its protocol. */
export interface DownloadedPage {
	key: string;
	records: SalesforceRecord[];
	last: boolean;
	resume: Record<string, unknown>;
}

interface DownloadOptions {
	signal?: AbortSignal;
	sleep: Sleep;
	concurrency: number;
	resume: ({ delivered: string[] } & Record<string, unknown>) | null;
}

/** Attempts at a page that comes back cut off or unreadable. */
const PAGE_ATTEMPTS = 4;
/** Most pages (or listings) one job is walked through: far above any org's size. */
const MAX_STEPS = 1_000_000;
const FIRST_PAGE_KEY = 'first';

function tooManySteps(): AppFailure {
	return new AppFailure(
		appError('BAD_RESPONSE', 'The Bulk job kept handing out more result pages; stopped.')
	);
}

/**
 * The records of a result page, downloaded again (with a backoff) while it comes back cut off or
 * unreadable. `answered` is a first answer already downloaded, parsed only now.
 */
async function fetchPage(
	client: SalesforceClient,
	request: SalesforceRequest,
	reader: BulkRecordReader,
	options: { signal?: AbortSignal; sleep: Sleep },
	answered?: SalesforceAnswer<unknown>
): Promise<{ records: SalesforceRecord[]; headers: Headers }> {
	for (let attempt = 1; ; attempt++) {
		const answer = attempt === 1 && answered ? answered : await client.send(request, options.signal);
		const count = answer.headers.get('Sforce-NumberOfRecords');
		try {
			const records = parseBulkCsvPage(String(answer.body), reader, count === null ? null : Number(count));
			return { records, headers: answer.headers };
		} catch (thrown) {
			if (attempt >= PAGE_ATTEMPTS || toAppError(thrown).code !== 'BAD_RESPONSE') throw thrown;
			await options.sleep(100 * 2 ** attempt, options.signal);
		}
	}
}

/** The pages of a completed job, as they are downloaded. */
export async function* bulkDownloads(
	client: SalesforceClient,
	jobId: string,
	reader: BulkRecordReader,
	source: PageSource,
	options: DownloadOptions
): AsyncGenerator<DownloadedPage> {
	if (source.kind === 'locators') yield* locatorChain(client, jobId, reader, source.maxRecords, options);
	else yield* resultPages(client, jobId, reader, options);
}

async function* locatorChain(
	client: SalesforceClient,
	jobId: string,
	reader: BulkRecordReader,
	maxRecords: number | undefined,
	options: DownloadOptions
): AsyncGenerator<DownloadedPage> {
	const resumed = options.resume?.next;
	if (options.resume && resumed === null) return;
	let locator: string | null = typeof resumed === 'string' ? resumed : null;
	for (let step = 0; step < MAX_STEPS; step++) {
		const request = buildQueryResultsRequest(client.location, jobId, { locator, maxRecords });
		const { records, headers } = await fetchPage(client, request, reader, options);
		const header = headers.get('Sforce-Locator');
		if (header === null)
			throw new AppFailure(
				appError(
					'SF_BULK_UNSUPPORTED',
					'The Sforce-Locator header of Bulk results is not readable here (the browser hides it), so results older than API 58.0 cannot be paged; use REST.',
					{ detail: { jobId } }
				)
			);
		const next = header === 'null' || header === '' ? null : header;
		yield { key: locator ?? FIRST_PAGE_KEY, records, last: next === null, resume: { next } };
		if (next === null) return;
		locator = next;
	}
	throw tooManySteps();
}

interface Listing {
	resultPages?: { resultUrl?: string }[];
	nextRecordsUrl?: string | null;
	nextRecordUrl?: string | null;
	done?: boolean;
}

/** The key of a result URL: its locator, or the URL itself when it has none. */
function keyOf(url: string): string {
	return new URL(url, 'http://locator.invalid').searchParams.get('locator') ?? url;
}

async function* resultPages(
	client: SalesforceClient,
	jobId: string,
	reader: BulkRecordReader,
	options: DownloadOptions
): AsyncGenerator<DownloadedPage> {
	const delivered = new Set(options.resume?.delivered ?? []);
	const controller = new AbortController();
	const stop = () => controller.abort();
	options.signal?.addEventListener('abort', stop, { once: true });
	const inner = { signal: controller.signal, sleep: options.sleep };
	type Settled =
		| {
				kind: 'page';
				key: string;
				request: SalesforceRequest;
				answer?: SalesforceAnswer<unknown>;
				error?: unknown;
		  }
		| { kind: 'listing'; body?: Listing; error?: unknown };
	/** The next listing to ask for, and the one on its way (asked while pages download, so none waits). */
	let listing: SalesforceRequest | null = buildResultPagesRequest(client.location, jobId);
	let listingOnItsWay = false;
	let listed = 0;
	const queue: string[] = [];
	const inFlight = new Set<string>();
	// A listing or a page may take long while the others arrive: they are taken as they settle.
	const arrivals = settledQueue<Settled>();
	try {
		for (let step = 0; step < MAX_STEPS; step++) {
			if (listing !== null && !listingOnItsWay && queue.length < options.concurrency) {
				arrivals.add(
					client.send(listing, controller.signal).then(
						(answer): Settled => ({ kind: 'listing', body: answer.body as Listing }),
						(error: unknown): Settled => ({ kind: 'listing', error })
					)
				);
				listingOnItsWay = true;
				listing = null;
			}
			while (inFlight.size < options.concurrency && queue.length > 0) {
				const url = queue.shift() as string;
				const key = keyOf(url);
				const request = buildBulkLinkRequest(client.location, url, true);
				// A page waiting to be taken holds its CSV text only; it is parsed when the run takes it.
				arrivals.add(
					client.send(request, controller.signal).then(
						(answer): Settled => ({ kind: 'page', key, request, answer }),
						(error: unknown): Settled => ({ kind: 'page', key, request, error })
					)
				);
				inFlight.add(key);
			}
			if (arrivals.size === 0) {
				if (listed === 0 && delivered.size === 0)
					yield { key: FIRST_PAGE_KEY, records: [], last: true, resume: {} };
				return;
			}
			const settled = await arrivals.take();
			if (settled.error !== undefined) throw settled.error;
			if (settled.kind === 'listing') {
				listingOnItsWay = false;
				const body = settled.body ?? {};
				const urls = (body.resultPages ?? []).map((page) => page.resultUrl ?? '').filter(Boolean);
				listed += urls.length;
				queue.push(...urls.filter((url) => !delivered.has(keyOf(url))));
				const next = body.nextRecordsUrl ?? body.nextRecordUrl ?? null;
				if (body.done === false && next) listing = buildBulkLinkRequest(client.location, next, false);
				continue;
			}
			const { records } = await fetchPage(client, settled.request, reader, inner, settled.answer);
			inFlight.delete(settled.key);
			const last = inFlight.size === 0 && queue.length === 0 && listing === null && !listingOnItsWay;
			yield { key: settled.key, records, last, resume: {} };
		}
		throw tooManySteps();
	} finally {
		options.signal?.removeEventListener('abort', stop);
		controller.abort();
	}
}
