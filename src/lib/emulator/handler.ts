/**
 * The router of the emulated org: one `(request) => Promise<Response>` function serving REST
 * (`/services/data/…`), and handing OAuth, identity and discovery paths to the OAuth handler. It applies
 * the request-size limits, CORS, faults, API versions, bearer checks and the daily API counter.
 * CORS: preflights are answered here for every path; a cross-origin REST request from an origin off the
 * allowlist gets 403; OAuth paths are processed and the OAuth handler decides on their CORS headers.
 */
import type { Org } from './data';
import {
	corsKindForPath,
	crossOrigin,
	forbiddenOriginResponse,
	isOriginAllowed,
	isPreflight,
	preflightResponse,
	withCors,
	type CorsPolicy
} from './cors';
import { earlyFaultResponse, lateFaultResponse } from './fault-responses';
import { isConnectionDropped, type FaultController } from './faults';
import { bulkRoute } from './bulk/routes';
import type { BulkJobStore } from './bulk/jobs';
import { limitInfoHeader, limitsBody, type ApiUsage } from './limits';
import type { PageCache } from './rest/page-cache';
import { queryHeadOf, runQuery, runQueryMore } from './rest/query';
import { requestedBatchSize, type CursorStore } from './rest/query-cursors';
import {
	errorResponse,
	htmlErrorResponse,
	invalidSessionResponse,
	jsonBytesOf,
	jsonBytesResponse,
	jsonResponse,
	methodNotAllowedResponse,
	notFoundResponse,
	requestLimitResponse
} from './rest/responses';
import { sobjectsResponse } from './rest/sobjects';
import {
	CONCURRENT_LIMIT_MESSAGE,
	noteWorks,
	responseServerMs,
	worksOf,
	type ServerTimeModel,
	type Work
} from './server-time';
import {
	isQueryMoreUrl,
	isQueryUrl,
	parseCompositeBody,
	runComposite,
	type Subrequest,
	type SubAnswer
} from './rest/composite';
import { versionList, versionStatus } from './rest/versions';
import type { EmulatorSessionStore } from './sessions';
import type { EmulatorContext, OAuthHandler } from './types';

/** Longest request URI (path and query) and header block Salesforce accepts, in bytes. */
export const MAX_REQUEST_LINE_BYTES = 16_384;

/** Everything the router works with. */
export interface HandlerDeps {
	org: Org;
	ctx: EmulatorContext;
	sessions: EmulatorSessionStore;
	cursors: CursorStore;
	/** Serialized pages of repeated queries; null when off. */
	pageCache: PageCache | null;
	usage: ApiUsage;
	faults: FaultController;
	cors: CorsPolicy;
	apiVersions: readonly string[];
	/** Delay added to every REST response. */
	latencyMs: number;
	/** Whether to build the next query page in the background after answering one. */
	prefetch: boolean;
	oauth: OAuthHandler;
	/** Time Salesforce works on each REST and Bulk request. */
	serverTime: ServerTimeModel;
	/** Waits out latency and server time. */
	sleep: (ms: number) => Promise<void>;
	/** Most /services/data requests in flight at once; 0 = no cap. */
	maxConcurrentRequests: number;
	bulkJobs: BulkJobStore;
	/** Name of the next link of `/resultPages`. */
	resultPagesNextLink: 'nextRecordsUrl' | 'nextRecordUrl';
}

/** A Fetch API request handler. */
export type RequestHandler = (request: Request) => Promise<Response>;

const VERSIONED_PATH = /^\/services\/data\/v(\d{1,3}\.\d)(?:\/(.*))?$/;
const encoder = new TextEncoder();

const isOAuthPath = (path: string) =>
	path.startsWith('/services/oauth2/') || path.startsWith('/id/') || path.startsWith('/.well-known/');

function headerBytes(headers: Headers): number {
	let total = 0;
	for (const [name, value] of headers) total += name.length + value.length + 4;
	return total;
}

function bearerToken(request: Request): string | null {
	const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
	return match ? match[1] : null;
}

/** Creates the handler of the emulated org. */
export function createHandler(deps: HandlerDeps): RequestHandler {
	const active = { requests: 0 };
	return async function handle(request) {
		const received = performance.now();
		try {
			return await route(deps, request, active, received);
		} catch (error) {
			if (isConnectionDropped(error)) throw error;
			return unknownExceptionResponse(error);
		}
	};
}

/** 500 UNKNOWN_EXCEPTION with an error id, as Salesforce answers an internal failure. */
function unknownExceptionResponse(error: unknown): Response {
	const id = Math.floor(Math.random() * 2 ** 31).toString();
	console.error(`emulator: unexpected error ${id}`, error);
	return errorResponse(
		500,
		'UNKNOWN_EXCEPTION',
		`An unexpected error occurred. Please include this ErrorId if you contact support: ${id}-0 (${id})`
	);
}

/** Routes a request to the size checks, CORS, OAuth or REST. */
async function route(
	deps: HandlerDeps,
	request: Request,
	active: { requests: number },
	received: number
): Promise<Response> {
	const url = new URL(request.url);
	if (encoder.encode(url.pathname + url.search).length > MAX_REQUEST_LINE_BYTES) {
		return htmlErrorResponse(414, 'Request-URI Too Long');
	}
	if (headerBytes(request.headers) > MAX_REQUEST_LINE_BYTES) {
		return htmlErrorResponse(431, 'Request Header Fields Too Large');
	}
	const path = url.pathname;
	const pathKind = corsKindForPath(path);
	// OAuth endpoints serve CORS only on the My Domain host, never on login/test.salesforce.com.
	const kind =
		pathKind === 'oauth' && url.origin !== new URL(deps.ctx.myDomainUrl).origin ? 'none' : pathKind;
	if (isPreflight(request)) return preflightResponse(request, kind, deps.cors);
	const origin = crossOrigin(request, deps.cors);
	if (origin && kind === 'api' && !isOriginAllowed(origin, kind, deps.cors)) return forbiddenOriginResponse();
	if (isOAuthPath(path)) return oauthRoute(deps, request);

	let response: Response;
	if (path === '/services/data' || path === '/services/data/') {
		response =
			request.method === 'GET' || request.method === 'HEAD'
				? jsonResponse(versionList(deps.apiVersions))
				: methodNotAllowedResponse(request.method, ['GET', 'HEAD']);
	} else if (path.startsWith('/services/data/')) {
		response = await dataRoute(deps, request, url, active, received);
		response.headers.set('Sforce-Limit-Info', limitInfoHeader(deps.usage));
	} else {
		response = notFoundResponse();
	}
	if (request.method === 'HEAD' && response.body) {
		response = new Response(null, { status: response.status, headers: response.headers });
	}
	return withCors(request, response, kind, deps.cors);
}

async function oauthRoute(deps: HandlerDeps, request: Request): Promise<Response> {
	const decision = deps.faults.decide({ isApi: false, isOAuth: true, isPage: false, isQueryMore: false });
	if (decision.latencyMs > 0) await deps.sleep(decision.latencyMs);
	const early = earlyFaultResponse(deps, decision, null);
	if (early) return early;
	const response = (await deps.oauth(request, deps.ctx)) ?? notFoundResponse();
	return lateFaultResponse(decision, response);
}

async function dataRoute(
	deps: HandlerDeps,
	request: Request,
	url: URL,
	active: { requests: number },
	received: number
): Promise<Response> {
	const match = VERSIONED_PATH.exec(url.pathname);
	if (!match) return notFoundResponse();
	const apiVersion = match[1];
	const segments = (match[2] ?? '').split('/').filter((segment) => segment !== '');
	const [resource] = segments;
	const isPage = (resource === 'query' || resource === 'queryAll') && segments.length <= 2;
	const locator = isPage && segments.length === 2 ? segments[1] : null;
	const isBulk = resource === 'jobs' && segments[1] === 'query';
	const isBulkJob = isBulk && segments.length === 3 && request.method === 'GET';
	const isBulkResults = isBulk && segments.length === 4 && segments[3] === 'results';
	const isComposite = resource === 'composite' && segments.length === 1;
	// A composite request carrying query pages counts as a page request (a nextRecordsUrl request when it
	// carries one): a page fault hits it whole.
	const composite =
		isComposite && request.method === 'POST' ? parseCompositeBody(await request.text()) : null;
	const subrequests = composite && !(composite instanceof Response) ? composite.subrequests : [];

	const decision = deps.faults.decide({
		isApi: true,
		isOAuth: false,
		isPage: isPage || subrequests.some((sub) => isQueryUrl(sub.url)),
		isQueryMore: locator !== null || subrequests.some((sub) => isQueryMoreUrl(sub.url)),
		isBulkJob,
		isBulkResults
	});
	const delay = deps.latencyMs + decision.latencyMs;
	if (delay > 0) await deps.sleep(delay);
	// The server time of a request is the whole time Salesforce takes to answer it, from its arrival (or
	// the end of any latency, which comes on top): the emulator's own work on it is part of it.
	const working = delay > 0 ? performance.now() : received;
	// An expired cursor in a composite request is met by its first nextRecordsUrl subrequest.
	const expireCursor = isComposite && decision.fault?.kind === 'expiredCursor';
	const early = expireCursor ? null : earlyFaultResponse(deps, decision, locator);
	if (early) return early;

	const status = versionStatus(apiVersion, deps.apiVersions);
	if (status === 'retired') {
		// errorCode GONE as clients met it when 21.0–30.0 were retired (restforce#941); the message is not known.
		return errorResponse(410, 'GONE', `API version ${apiVersion} has been retired. Use a newer version.`);
	}
	if (status === 'unknown') return notFoundResponse();
	const token = bearerToken(request);
	const session = token ? deps.sessions.lookup(token) : null;
	if (!session) return invalidSessionResponse();
	if (!deps.usage.tryConsume()) return requestLimitResponse();
	if (deps.maxConcurrentRequests > 0 && active.requests >= deps.maxConcurrentRequests)
		return errorResponse(403, 'REQUEST_LIMIT_EXCEEDED', CONCURRENT_LIMIT_MESSAGE);
	active.requests++;
	try {
		let response: Response;
		if (isBulk) {
			const failJob = decision.fault?.kind === 'bulkJobFailed' ? decision.fault : null;
			const bulk = {
				jobs: deps.bulkJobs,
				nextLinkName: deps.resultPagesNextLink,
				failJob: failJob ? (failJob.errorMessage ?? 'InternalServerError: the job failed') : null,
				now: deps.ctx.now
			};
			response = await bulkRoute(bulk, request, url, apiVersion, segments.slice(2), session.userId);
		} else if (isComposite) {
			response = composite
				? await compositeRoute(deps, composite, url, expireCursor)
				: methodNotAllowedResponse(request.method, ['POST']);
		} else if (request.method !== 'GET' && request.method !== 'HEAD') {
			response = methodNotAllowedResponse(request.method, ['GET', 'HEAD']);
		} else {
			response = versionedResource(deps, request, url, apiVersion, segments, locator);
		}
		const wait = responseServerMs(deps.serverTime, response) - (performance.now() - working);
		if (wait > 0) await deps.sleep(wait);
		return await lateFaultResponse(decision, response);
	} finally {
		active.requests--;
	}
}

/** `POST /composite`: its subrequests run in order against the org (rest/composite.ts), their work summed. */
async function compositeRoute(
	deps: HandlerDeps,
	parsed: ReturnType<typeof parseCompositeBody>,
	url: URL,
	expireCursor: boolean
): Promise<Response> {
	if (parsed instanceof Response) return parsed;
	const works: Work[] = [];
	let expire = expireCursor;
	const body = await runComposite(parsed.subrequests, parsed.allOrNone, async (sub) => {
		const response = subrequestResponse(deps, url.origin, sub, expire);
		if (expire && response.locator !== null) expire = false;
		works.push(...worksOf(response.answer));
		return answerOf(response.answer);
	});
	return noteWorks(jsonBytesResponse(body), works);
}

/** One GET subrequest of a composite request, answered as the same request on its own would be. */
function subrequestResponse(
	deps: HandlerDeps,
	origin: string,
	sub: Subrequest,
	expireCursor: boolean
): { answer: Response; locator: string | null } {
	if (sub.method !== 'GET') return { answer: methodNotAllowedResponse(sub.method, ['GET']), locator: null };
	const url = new URL(sub.url, origin);
	const match = sub.url.startsWith('/services/data/') ? VERSIONED_PATH.exec(url.pathname) : null;
	if (!match || url.origin !== origin) return { answer: notFoundResponse(), locator: null };
	const apiVersion = match[1];
	if (versionStatus(apiVersion, deps.apiVersions) !== 'ok')
		return { answer: notFoundResponse(), locator: null };
	const segments = (match[2] ?? '').split('/').filter((segment) => segment !== '');
	const isPage = (segments[0] === 'query' || segments[0] === 'queryAll') && segments.length <= 2;
	const locator = isPage && segments.length === 2 ? segments[1] : null;
	if (expireCursor && locator !== null) deps.cursors.drop(locator.split('-')[0]);
	const headers = Object.entries(sub.httpHeaders).filter(([, value]) => typeof value === 'string');
	const subRequest = new Request(url, { headers });
	return { answer: versionedResource(deps, subRequest, url, apiVersion, segments, locator), locator };
}

/** A subrequest's response as the composite answer embeds it. */
async function answerOf(response: Response): Promise<SubAnswer> {
	const body = jsonBytesOf(response) ?? new Uint8Array(await response.arrayBuffer());
	return { status: response.status, body, head: queryHeadOf(response) ?? undefined };
}

function versionedResource(
	deps: HandlerDeps,
	request: Request,
	url: URL,
	apiVersion: string,
	segments: string[],
	locator: string | null
): Response {
	const [resource, ...rest] = segments;
	const base = `/services/data/v${apiVersion}`;
	if (resource === undefined) {
		return jsonResponse({
			limits: `${base}/limits`,
			query: `${base}/query`,
			queryAll: `${base}/queryAll`,
			sobjects: `${base}/sobjects`
		});
	}
	if (resource === 'query' || resource === 'queryAll') {
		if (rest.length > 1) return notFoundResponse();
		const batchSize = requestedBatchSize(request);
		if (locator !== null) return runQueryMore(deps, { locator, apiVersion, batchSize });
		return runQuery(deps, {
			soql: url.searchParams.get('q'),
			all: resource === 'queryAll',
			apiVersion,
			batchSize
		});
	}
	if (resource === 'limits' && rest.length === 0) return jsonResponse(limitsBody(deps.usage));
	if (resource === 'sobjects')
		return sobjectsResponse(deps.org, apiVersion, rest, url.searchParams.get('fields'));
	return notFoundResponse();
}
