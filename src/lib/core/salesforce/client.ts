/**
 * The Salesforce REST client: sends the requests the builders describe through an injected fetch,
 * retries what is safe to retry, refreshes the token once on 401 (single flight), and hands bodies to
 * the processors. `queryPages` walks every page of a query, fetching page n+1 while page n is consumed;
 * in a browser each page goes through the Composite resource, whose CORS preflight is remembered.
 */
import { AppFailure, appError, toAppError, type AppError } from '../errors';
import {
	errorFromResponse,
	exhausted,
	isTransient,
	networkError,
	parseApiUsage,
	type ApiUsage
} from './errors';
import { abortable } from './abortable';
import { readBody } from './body';
import { queryPages } from './query-pages';
import {
	buildCompositeGetRequest,
	buildDescribeGlobalRequest,
	buildDescribeRequest,
	buildLimitsRequest,
	buildQueryMoreRequest,
	buildQueryRequest,
	buildUserInfoRequest,
	buildVersionsRequest,
	toFetchRequest,
	type ApiLocation,
	type QueryRequestOptions,
	type SalesforceRequest
} from './requests';
import {
	processDescribe,
	processDescribeGlobal,
	processCompositeAnswer,
	processLimits,
	processQueryResult,
	processUserInfo,
	processVersions,
	type UserInfo,
	type ApiVersion,
	type DescribeGlobalResult,
	type DescribeResult,
	type LimitEntry,
	type QueryResult,
	type SubrequestAnswer
} from './responses';
import {
	abortedFailure,
	backoffDelay,
	DEFAULT_RETRY_POLICY,
	defaultSleep,
	parseRetryAfter,
	type RetryPolicy,
	type Sleep
} from './retry';
import { singleFlightRenewal } from './token-renewal';

/** A fetch-shaped transport: the global fetch, the emulator's handler, or a test double. */
export type FetchLike = (request: Request) => Promise<Response>;

/** What the client needs to talk to one org. */
export interface SalesforceClientOptions {
	fetch: FetchLike;
	instanceUrl: string;
	apiVersion: string;
	getAccessToken(): Promise<string>;
	/** Gets a new access token after `stale` was refused; absent = a 401 ends the request. */
	refreshAccessToken?(stale: string): Promise<string>;
	retry?: Partial<RetryPolicy>;
	sleep?: Sleep;
	/** Uniform in [0, 1): backoff jitter. */
	random?: () => number;
	/** Milliseconds clock for elapsed times and Retry-After dates. */
	now?: () => number;
	/**
	 * In a browser a refused cross-origin call and a network drop look the same (an opaque TypeError);
	 * true reports them as CORS_OR_NETWORK, naming the CORS allowlist as a possible cause.
	 */
	opaqueNetworkErrors?: boolean;
	/**
	 * Query pages asked for through the Composite resource (buildCompositeGetRequest): in a browser, one
	 * round trip a page instead of a CORS preflight and the GET. When the org refuses the composite request,
	 * the pages go as plain GETs from then on.
	 */
	pagesThroughComposite?: boolean;
	/** Hears the time of each request's stages, for profiling: until the headers, the body, the JSON parse. */
	onStageTime?(stage: 'response' | 'body' | 'parse', ms: number): void;
}

/** A successful answer with its facts. */
export interface SalesforceAnswer<T> {
	body: T;
	status: number;
	elapsedMs: number;
	/** From Sforce-Limit-Info when the header is readable (browsers may hide it). */
	apiUsage: ApiUsage | null;
	/** Attempts made, including the first one and a repeat after a token refresh. */
	attempts: number;
	/** The response headers (a browser shows only the CORS-safelisted and exposed ones). */
	headers: Headers;
}

/** One page of a query with the facts of its request. */
export interface QueryPage extends QueryResult {
	status: number;
	elapsedMs: number;
	apiUsage: ApiUsage | null;
	/** The URL this page came from (the first query or a nextRecordsUrl). */
	url: string;
}

/** Options of a paged query. */
export interface QueryPagesOptions extends QueryRequestOptions {
	signal?: AbortSignal;
	/** Resume at this nextRecordsUrl instead of starting the query. */
	startUrl?: string;
}

/** The client's operations. */
export interface SalesforceClient {
	/** The org's instance URL and the API version every request uses. */
	readonly location: ApiLocation;
	query(soql: string, options?: QueryPagesOptions): Promise<QueryPage>;
	queryAll(soql: string, options?: Omit<QueryPagesOptions, 'all'>): Promise<QueryPage>;
	queryMore(
		nextRecordsUrl: string,
		options?: Omit<QueryPagesOptions, 'all' | 'startUrl'>
	): Promise<QueryPage>;
	/** Every page of a query; page n+1 is already requested while the caller works on page n. */
	queryPages(soql: string, options?: QueryPagesOptions): AsyncGenerator<QueryPage, void, undefined>;
	describe(sobject: string, options?: { signal?: AbortSignal }): Promise<DescribeResult>;
	describeGlobal(options?: { signal?: AbortSignal }): Promise<DescribeGlobalResult>;
	limits(options?: { signal?: AbortSignal }): Promise<Record<string, LimitEntry>>;
	versions(options?: { signal?: AbortSignal }): Promise<ApiVersion[]>;
	/** Who the access token belongs to. */
	userInfo(options?: { signal?: AbortSignal }): Promise<UserInfo>;
	/** Sends a built request with retries and token refresh; the parsed JSON body (or the text) comes back. */
	send(request: SalesforceRequest, signal?: AbortSignal): Promise<SalesforceAnswer<unknown>>;
}

/**
 * Whether a composite request failed because the org (or a proxy before it) does not take it: no such
 * resource, a Salesforce error about the request, another 4xx, or an answer of another shape. Sessions,
 * limits, retries exhausted and network failures would meet the plain GET as well.
 */
function refusesComposite(error: AppError): boolean {
	if (error.code === 'SF_NOT_FOUND' || error.code === 'SF_ERROR' || error.code === 'BAD_RESPONSE')
		return true;
	const status = error.status ?? 0;
	return error.code === 'HTTP_ERROR' && status >= 400 && status < 500 && status !== 429;
}

/** Creates a client for one org. */
export function createSalesforceClient(options: SalesforceClientOptions): SalesforceClient {
	const location = { instanceUrl: options.instanceUrl, apiVersion: options.apiVersion };
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
	const sleep = options.sleep ?? defaultSleep;
	const random = options.random ?? Math.random;
	const now = options.now ?? (() => Date.now());
	const opaque = options.opaqueNetworkErrors ?? false;

	const renewToken = singleFlightRenewal(options);

	async function send(
		request: SalesforceRequest,
		signal?: AbortSignal,
		onHead?: (head: string) => boolean
	): Promise<SalesforceAnswer<unknown>> {
		const started = now();
		let retry = 0;
		let attempts = 0;
		let refreshed = false;
		let token = request.authenticated ? await abortable(options.getAccessToken(), signal) : null;
		for (;;) {
			if (signal?.aborted) throw abortedFailure();
			attempts++;
			let failure: AppError;
			let retryAfterMs: number | null = null;
			try {
				const sent = performance.now();
				const response = await abortable(options.fetch(toFetchRequest(request, token, signal)), signal);
				const answered = performance.now();
				const apiUsage = parseApiUsage(response.headers.get('Sforce-Limit-Info'));
				const readHead = response.ok && request.responseType !== 'text' ? onHead : undefined;
				const text = await abortable(readBody(response, readHead), signal);
				options.onStageTime?.('response', answered - sent);
				options.onStageTime?.('body', performance.now() - answered);
				if (response.status === 401 && token !== null && options.refreshAccessToken) {
					if (refreshed)
						throw new AppFailure(
							appError(
								'AUTH_SIGN_IN_AGAIN',
								'Salesforce refused the renewed session. Sign in again to go on.',
								{
									status: 401
								}
							)
						);
					token = await abortable(renewToken(token), signal).catch((thrown: unknown) => {
						const error = toAppError(thrown);
						if (isTransient(error.code)) throw thrown;
						throw new AppFailure(
							appError(
								'AUTH_SIGN_IN_AGAIN',
								'The session expired and could not be renewed. Sign in again to go on.',
								{
									detail: error
								}
							)
						);
					});
					refreshed = true;
					continue;
				}
				if (response.ok && request.responseType === 'text') {
					const elapsedMs = now() - started;
					return {
						body: text,
						status: response.status,
						elapsedMs,
						apiUsage,
						attempts,
						headers: response.headers
					};
				}
				if (response.ok) {
					try {
						const parsing = performance.now();
						const body: unknown = JSON.parse(text);
						options.onStageTime?.('parse', performance.now() - parsing);
						const elapsedMs = now() - started;
						return {
							body,
							status: response.status,
							elapsedMs,
							apiUsage,
							attempts,
							headers: response.headers
						};
					} catch {
						failure = appError('BAD_RESPONSE', 'Salesforce sent an incomplete or unreadable answer.', {
							status: response.status,
							retryable: true,
							detail: { length: text.length, tail: text.slice(-200) }
						});
					}
				} else {
					failure = errorFromResponse(response.status, text, apiUsage);
					if (!failure.retryable) throw new AppFailure(failure);
					retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), Date.now());
				}
			} catch (thrown) {
				if (thrown instanceof AppFailure) throw thrown;
				if (signal?.aborted) throw abortedFailure();
				failure = networkError(thrown, opaque);
			}
			if (retry >= policy.retries) throw new AppFailure(exhausted(failure, attempts));
			await sleep(backoffDelay(policy, retry, random, retryAfterMs), signal);
			retry++;
		}
	}

	let pagesThroughComposite = options.pagesThroughComposite ?? false;

	async function fetchPage(
		request: SalesforceRequest,
		signal?: AbortSignal,
		onHead?: (head: string) => boolean
	): Promise<QueryPage> {
		let answer: SalesforceAnswer<unknown> | null = null;
		let page: SubrequestAnswer | null = null;
		if (pagesThroughComposite) {
			try {
				answer = await send(buildCompositeGetRequest(location, request), signal, onHead);
				// Its head is the page's head: `{"compositeResponse":[{"body":{"totalSize"…`.
				page = processCompositeAnswer(answer.body);
			} catch (thrown) {
				if (signal?.aborted || !refusesComposite(toAppError(thrown))) throw thrown;
				pagesThroughComposite = false;
			}
		}
		if (!answer || !page) {
			answer = await send(request, signal, onHead);
			page = { status: answer.status, body: answer.body };
		} else if (page.status !== 200) {
			throw new AppFailure(errorFromResponse(page.status, JSON.stringify(page.body), answer.apiUsage));
		}
		return {
			...processQueryResult(page.body),
			status: answer.status,
			elapsedMs: answer.elapsedMs,
			apiUsage: answer.apiUsage,
			url: request.url
		};
	}

	return {
		location,
		send,
		query: async (soql, queryOptions = {}) =>
			fetchPage(buildQueryRequest(location, soql, queryOptions), queryOptions.signal),
		queryAll: async (soql, queryOptions = {}) =>
			fetchPage(buildQueryRequest(location, soql, { ...queryOptions, all: true }), queryOptions.signal),
		queryMore: async (nextRecordsUrl, queryOptions = {}) =>
			fetchPage(buildQueryMoreRequest(location, nextRecordsUrl, queryOptions), queryOptions.signal),
		queryPages: (soql, pageOptions) => queryPages(fetchPage, location, soql, pageOptions),
		describe: async (sobject, { signal } = {}) =>
			processDescribe((await send(buildDescribeRequest(location, sobject), signal)).body),
		describeGlobal: async ({ signal } = {}) =>
			processDescribeGlobal((await send(buildDescribeGlobalRequest(location), signal)).body),
		limits: async ({ signal } = {}) => processLimits((await send(buildLimitsRequest(location), signal)).body),
		versions: async ({ signal } = {}) =>
			processVersions((await send(buildVersionsRequest(options.instanceUrl), signal)).body),
		userInfo: async ({ signal } = {}) =>
			processUserInfo((await send(buildUserInfoRequest(options.instanceUrl), signal)).body)
	};
}
