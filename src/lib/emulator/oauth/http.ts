/**
 * Response builders and request facts shared by the OAuth endpoints.
 */
import type { ConnectedApp, EmulatorContext } from '../types';

const JSON_TYPE = 'application/json;charset=UTF-8';

/** A JSON response with Salesforce's content type. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', ...headers }
	});
}

/** An OAuth error as Salesforce sends it: `{"error","error_description"}`, 400 unless told. */
export function oauthError(error: string, description: string, status = 400): Response {
	return jsonResponse({ error, error_description: description }, status);
}

/** The origin the request was sent to; the issuer of that host has no trailing slash. */
export function requestOrigin(request: Request): string {
	return new URL(request.url).origin;
}

/** Whether the request reached the org's My Domain host (the only host that serves OAuth CORS and client credentials). */
export function isMyDomainRequest(request: Request, ctx: EmulatorContext): boolean {
	return requestOrigin(request) === new URL(ctx.myDomainUrl).origin;
}

/** The identity URL of a user: `https://HOST/id/00D…/005…`. */
export function identityUrl(ctx: EmulatorContext, userId: string): string {
	return `${trimSlash(ctx.instanceUrl)}/id/${ctx.orgId}/${userId}`;
}

/** The URL without a trailing slash. */
export function trimSlash(url: string): string {
	return url.replace(/\/+$/, '');
}

/** The connected app with this client id, if registered. */
export function findApp(ctx: EmulatorContext, clientId: string | null): ConnectedApp | null {
	if (!clientId) return null;
	return ctx.connectedApps.find((app) => app.clientId === clientId) ?? null;
}

/** Reads form parameters from a POST body (form-urlencoded) merged over the query string. */
export async function readParams(request: Request): Promise<URLSearchParams> {
	const params = new URL(request.url).searchParams;
	if (request.method !== 'POST') return params;
	const body = new URLSearchParams(await request.text());
	for (const [name, value] of body) params.set(name, value);
	return params;
}

/** Client id and secret from a Basic authorization header, when sent that way. */
export function basicCredentials(request: Request): { clientId: string; clientSecret: string } | null {
	const header = request.headers.get('authorization');
	if (!header?.toLowerCase().startsWith('basic ')) return null;
	try {
		const decoded = atob(header.slice(6).trim());
		const colon = decoded.indexOf(':');
		if (colon < 0) return null;
		return {
			clientId: decodeURIComponent(decoded.slice(0, colon)),
			clientSecret: decodeURIComponent(decoded.slice(colon + 1))
		};
	} catch {
		return null;
	}
}

/** The bearer token of a request, or null. */
export function bearerToken(request: Request): string | null {
	const header = request.headers.get('authorization');
	const match = header ? /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header.trim()) : null;
	return match ? match[1] : null;
}

/** Granted scopes: the requested ones the app allows, or all of the app's scopes when none were asked for. */
export function grantScopes(app: ConnectedApp, requested: string | null): string {
	const asked = (requested ?? '').split(/\s+/).filter(Boolean);
	if (asked.length === 0) return app.scopes.join(' ');
	return asked.filter((scope) => app.scopes.includes(scope) || app.scopes.includes('full')).join(' ');
}

/** Whether a granted scope string lets the app hold a refresh token. */
export function allowsRefresh(scope: string): boolean {
	const scopes = scope.split(' ');
	return scopes.includes('refresh_token') || scopes.includes('offline_access') || scopes.includes('full');
}
