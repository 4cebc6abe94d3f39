/**
 * Every page of a query, fetched one request ahead of the caller through the client's page fetches: a
 * page at a time, or, with `pagesPerRequest`, several pages chained in one composite request.
 */
import { toAppError, type AppError } from '../errors';
import type { QueryPage, QueryPagesOptions } from './client';
import {
	buildQueryMoreRequest,
	buildQueryRequest,
	MAX_CHAINED_PAGES,
	type ApiLocation,
	type SalesforceRequest
} from './requests';
import { peekLastNextRecordsUrl, peekNextRecordsUrl, peekTotalSize } from './responses';
import { abortedFailure } from './retry';

/** Fetches one page; `onHead` sees the head of its body as it arrives and says whether it started the next request. */
export type FetchPage = (
	request: SalesforceRequest,
	signal?: AbortSignal,
	onHead?: (head: string) => boolean
) => Promise<QueryPage>;

/**
 * Fetches up to `count` pages from `url` on in one request; the pages before a subrequest that failed
 * (none when the first did). `onText` sees the answer's text before it is parsed and says whether it
 * started the next request.
 */
export type FetchChain = (
	url: string,
	count: number,
	signal: AbortSignal,
	onText: (text: string) => boolean
) => Promise<QueryPage[]>;

/** The client's two ways of fetching pages. */
export interface PageFetches {
	fetchPage: FetchPage;
	fetchChain: FetchChain;
}

/**
 * Whether a chained request failed because the org (or a proxy before it) does not take the composite
 * request as sent: no such resource, a Salesforce error about the request, another 4xx, or an answer of
 * another shape. Sessions, limits, retries exhausted and network failures are the cursor's own problems.
 */
function refusesChaining(error: AppError): boolean {
	if (error.code === 'SF_NOT_FOUND' || error.code === 'SF_ERROR' || error.code === 'BAD_RESPONSE')
		return true;
	const status = error.status ?? 0;
	return error.code === 'HTTP_ERROR' && status >= 400 && status < 500 && status !== 429;
}

/** The offset a Salesforce locator (`…/01gxx-4000`) carries: the records delivered before it; else null. */
function locatorOffset(url: string): number | null {
	const match = /-(\d+)$/.exec(url);
	return match ? Number(match[1]) : null;
}

/**
 * Pages are fetched one request ahead of the caller. While the caller waits for a request, the next one
 * goes out as soon as the next URL is known: for a single page when the head of its body has arrived (its
 * nextRecordsUrl comes before the records), for chained pages when the whole answer has (the last page's
 * nextRecordsUrl, read from the text before it is parsed). While the caller works on the pages of one
 * request, only the next is in flight, so memory stays bounded. A chained request asks for the pages the
 * cursor still holds (from its locator's offset and the page size), at most `pagesPerRequest`; when a
 * subrequest fails, its page is asked for again on its own (a failure then comes with its own meaning:
 * an expired cursor, a retry); when the org refuses the composite request itself, the rest of the cursor
 * goes a page at a time.
 */
export async function* queryPages(
	fetches: PageFetches,
	location: ApiLocation,
	soql: string,
	pageOptions: QueryPagesOptions = {}
): AsyncGenerator<QueryPage, void, undefined> {
	const controller = new AbortController();
	const outer = pageOptions.signal;
	const forward = () => controller.abort();
	if (outer?.aborted) throw abortedFailure();
	outer?.addEventListener('abort', forward, { once: true });
	let chaining = Math.min(pageOptions.pagesPerRequest ?? 1, MAX_CHAINED_PAGES) > 1;
	let pageSize = pageOptions.batchSize ?? 2000;
	let awaited: Promise<QueryPage[]> | null = null;
	let ahead: { url: string; pages: Promise<QueryPage[]> } | null = null;

	const pagesToAsk = (url: string, totalSize: number): number => {
		if (!chaining) return 1;
		const limit = Math.min(pageOptions.pagesPerRequest ?? 1, MAX_CHAINED_PAGES);
		const offset = locatorOffset(url);
		if (offset === null) return limit;
		return Math.max(1, Math.min(limit, Math.ceil((totalSize - offset) / pageSize)));
	};
	const single = (url: string, early: (head: string) => boolean) =>
		fetches.fetchPage(buildQueryMoreRequest(location, url, pageOptions), controller.signal, early);
	const chained = async (
		url: string,
		count: number,
		totalSize: number,
		started: () => Promise<QueryPage[]>
	): Promise<QueryPage[]> => {
		try {
			const pages = await fetches.fetchChain(url, count, controller.signal, (text) =>
				startNext(started(), peekLastNextRecordsUrl(text), totalSize)
			);
			if (pages.length > 0) return pages;
		} catch (thrown) {
			if (controller.signal.aborted || !refusesChaining(toAppError(thrown))) throw thrown;
			chaining = false;
		}
		return [await single(url, () => false)];
	};
	/** `totalSize`: the cursor's, which every page of it gives. */
	const fetchNext = (url: string, totalSize: number): Promise<QueryPage[]> => {
		if (ahead?.url === url) return ahead.pages;
		const count = pagesToAsk(url, totalSize);
		const pages: Promise<QueryPage[]> = (async () =>
			count > 1
				? chained(url, count, totalSize, () => pages)
				: [await single(url, (head) => startNext(pages, peekNextRecordsUrl(head), totalSize))])();
		// A prefetch that fails while the caller is busy is reported when the caller asks for it.
		pages.catch(() => undefined);
		ahead = { url, pages };
		return pages;
	};
	const startNext = (current: Promise<QueryPage[]>, next: string | null, totalSize: number): boolean => {
		if (next === null || awaited !== current || ahead?.url === next) return false;
		fetchNext(next, totalSize);
		return true;
	};

	const firstRequest = pageOptions.startUrl
		? buildQueryMoreRequest(location, pageOptions.startUrl, pageOptions)
		: buildQueryRequest(location, soql, pageOptions);
	const first: Promise<QueryPage[]> = (async () => [
		await fetches.fetchPage(firstRequest, controller.signal, (head) =>
			startNext(first, peekNextRecordsUrl(head), peekTotalSize(head) ?? Infinity)
		)
	])();
	let pending: Promise<QueryPage[]> | null = first;
	try {
		while (pending) {
			awaited = pending;
			const pages: QueryPage[] = await pending;
			awaited = null;
			const last = pages[pages.length - 1];
			if (pages.length > 1 || last.nextRecordsUrl) pageSize = Math.max(1, pages[0].records.length);
			pending = last.nextRecordsUrl ? fetchNext(last.nextRecordsUrl, last.totalSize) : null;
			yield* pages;
		}
	} finally {
		outer?.removeEventListener('abort', forward);
		controller.abort();
	}
}
