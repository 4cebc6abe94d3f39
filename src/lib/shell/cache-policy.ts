/**
 * What the service worker does with each request. It caches the app itself and nothing else: only
 * same-origin GETs of the build's own files (listed at build time) and, for page navigations, the SPA
 * shell (index.html). Everything else goes to the network untouched and is never stored: calls to
 * Salesforce or to any other origin, token requests, anything that is not a GET or that carries an
 * Authorization header.
 */

/** The SPA fallback page every navigation is answered with when offline or cached. */
export const SHELL_PATH = '/index.html';

/** Where a request is answered from. */
export type CacheDecision = 'precached' | 'shell' | 'network';

/** The parts of a Request the decision reads. */
export interface RequestFacts {
	method: string;
	url: string;
	mode: RequestMode;
	headers: Pick<Headers, 'has'>;
}

/** The cache name of one deployed version, so a new version's install never mixes with the old files. */
export function cacheName(version: string): string {
	return `app-shell-${version}`;
}

/** Decides how a request is served: from the precache, with the shell, or by the network uncached. */
export function cacheDecision(
	request: RequestFacts,
	origin: string,
	precached: ReadonlySet<string>
): CacheDecision {
	if (request.method !== 'GET' || request.headers.has('authorization')) return 'network';
	const url = new URL(request.url);
	if (url.origin !== origin) return 'network';
	if (precached.has(url.pathname)) return 'precached';
	return request.mode === 'navigate' ? 'shell' : 'network';
}
