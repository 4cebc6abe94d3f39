/**
 * Every page of a query, fetched one ahead of the caller through the client's page fetch.
 */
import type { QueryPage, QueryPagesOptions } from './client';
import {
	buildQueryMoreRequest,
	buildQueryRequest,
	type ApiLocation,
	type SalesforceRequest
} from './requests';
import { peekNextRecordsUrl } from './responses';
import { abortedFailure } from './retry';

/** Fetches one page; `onHead` sees the head of its body as it arrives and says whether it started the next request. */
export type FetchPage = (
	request: SalesforceRequest,
	signal?: AbortSignal,
	onHead?: (head: string) => boolean
) => Promise<QueryPage>;

/**
 * Pages are fetched one ahead of the caller. While the caller waits for page n, page n+1 is requested as
 * soon as the head of n's body has arrived (its nextRecordsUrl comes before the records), while the rest
 * of n is still on its way; while the caller works on page n, only n+1 is in flight, so memory stays bounded.
 */
export async function* queryPages(
	fetchPage: FetchPage,
	location: ApiLocation,
	soql: string,
	pageOptions: QueryPagesOptions = {}
): AsyncGenerator<QueryPage, void, undefined> {
	const controller = new AbortController();
	const outer = pageOptions.signal;
	const forward = () => controller.abort();
	if (outer?.aborted) throw abortedFailure();
	outer?.addEventListener('abort', forward, { once: true });
	let awaited: Promise<QueryPage> | null = null;
	let ahead: { url: string; page: Promise<QueryPage> } | null = null;
	const fetchNext = (url: string): Promise<QueryPage> => {
		if (ahead?.url === url) return ahead.page;
		const page: Promise<QueryPage> = (async () =>
			fetchPage(buildQueryMoreRequest(location, url, pageOptions), controller.signal, (head) =>
				startEarly(page, head)
			))();
		// A prefetch that fails while the caller is busy is reported when the caller asks for it.
		page.catch(() => undefined);
		ahead = { url, page };
		return page;
	};
	const startEarly = (page: Promise<QueryPage>, head: string): boolean => {
		const next = peekNextRecordsUrl(head);
		if (next === null || awaited !== page || ahead?.url === next) return false;
		fetchNext(next);
		return true;
	};
	const firstRequest = pageOptions.startUrl
		? buildQueryMoreRequest(location, pageOptions.startUrl, pageOptions)
		: buildQueryRequest(location, soql, pageOptions);
	const first: Promise<QueryPage> = fetchPage(firstRequest, controller.signal, (head) =>
		startEarly(first, head)
	);
	let pending: Promise<QueryPage> | null = first;
	try {
		while (pending) {
			awaited = pending;
			const page: QueryPage = await pending;
			awaited = null;
			pending = page.nextRecordsUrl ? fetchNext(page.nextRecordsUrl) : null;
			yield page;
		}
	} finally {
		outer?.removeEventListener('abort', forward);
		controller.abort();
	}
}
