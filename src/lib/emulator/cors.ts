/**
 * CORS as a Salesforce org applies it (SALESFORCE.md §1): REST and `/userinfo` answer only origins on the
 * org's allowlist, the OAuth token/revoke/introspect endpoints only when "Enable CORS for OAuth endpoints"
 * is ticked (and the origin is listed), discovery and `/id/keys` always; other origins get 403 and no
 * CORS headers.
 */

/** Which CORS rule applies to a path; `none` for top-level navigations such as `/authorize`. */
export type CorsKind = 'api' | 'oauth' | 'open' | 'none';

/** The org settings CORS decisions depend on. */
export interface CorsPolicy {
	/** Origin of the instance itself: requests from it are same-origin. */
	instanceOrigin: string;
	allowlist: readonly string[];
	oauthCors: boolean;
	/** Headers listed in `Access-Control-Expose-Headers` (whether Salesforce sends any is unconfirmed). */
	exposeHeaders: readonly string[];
}

/** `Access-Control-Allow-Methods` as Salesforce answers a preflight. */
export const CORS_ALLOWED_METHODS = 'HEAD, GET, POST, PUT, PATCH, DELETE';

const OAUTH_CORS_PATHS = new Set([
	'/services/oauth2/token',
	'/services/oauth2/revoke',
	'/services/oauth2/introspect'
]);

/** The CORS rule for a request path. */
export function corsKindForPath(pathname: string): CorsKind {
	if (pathname.startsWith('/.well-known/') || pathname === '/id/keys') return 'open';
	if (OAUTH_CORS_PATHS.has(pathname)) return 'oauth';
	if (pathname === '/services/oauth2/authorize') return 'none';
	return 'api';
}

/** Whether a cross-origin request from `origin` may read responses of this kind. */
export function isOriginAllowed(origin: string, kind: CorsKind, policy: CorsPolicy): boolean {
	if (kind === 'open') return true;
	if (kind === 'none') return false;
	const listed = policy.allowlist.includes(origin);
	return kind === 'oauth' ? policy.oauthCors && listed : listed;
}

/** The request's Origin when it is a cross-origin request, else null. */
export function crossOrigin(request: Request, policy: CorsPolicy): string | null {
	const origin = request.headers.get('origin');
	return origin && origin !== policy.instanceOrigin ? origin : null;
}

/** Whether the request is a CORS preflight. */
export function isPreflight(request: Request): boolean {
	return request.method === 'OPTIONS' && request.headers.has('access-control-request-method');
}

/** Answers a preflight: 200 with the allowed methods and echoed headers, or 403 with no CORS headers. */
export function preflightResponse(request: Request, kind: CorsKind, policy: CorsPolicy): Response {
	const origin = request.headers.get('origin') ?? '';
	if (!isOriginAllowed(origin, kind, policy)) return forbiddenOriginResponse();
	const headers = new Headers({
		'Access-Control-Allow-Origin': origin,
		'Access-Control-Allow-Methods': CORS_ALLOWED_METHODS,
		'Access-Control-Allow-Credentials': 'false',
		'Access-Control-Max-Age': '86400',
		Vary: 'Origin'
	});
	const requestedHeaders = request.headers.get('access-control-request-headers');
	if (requestedHeaders) headers.set('Access-Control-Allow-Headers', requestedHeaders);
	return new Response(null, { status: 200, headers });
}

/** 403 for an origin that is not allowed; carries no CORS headers, so a browser sees an opaque failure. */
export function forbiddenOriginResponse(): Response {
	return new Response(
		JSON.stringify([{ message: 'CORS request from an origin that is not allowed', errorCode: 'FORBIDDEN' }]),
		{ status: 403, headers: { 'Content-Type': 'application/json;charset=UTF-8' } }
	);
}

/** Adds CORS headers to a response when the request's origin is allowed for this kind of endpoint. */
export function withCors(request: Request, response: Response, kind: CorsKind, policy: CorsPolicy): Response {
	const origin = crossOrigin(request, policy);
	if (!origin || !isOriginAllowed(origin, kind, policy)) return response;
	const headers = new Headers(response.headers);
	headers.set('Access-Control-Allow-Origin', origin);
	headers.set('Access-Control-Allow-Credentials', 'false');
	if (!headers.get('vary')?.includes('Origin')) headers.append('Vary', 'Origin');
	if (policy.exposeHeaders.length > 0)
		headers.set('Access-Control-Expose-Headers', policy.exposeHeaders.join(', '));
	return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
