/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
/**
 * The offline shell: precaches the built app (Vite's output, the static files and the SPA fallback) under
 * one cache per version, answers navigations with the cached shell and the app's files from the cache,
 * and lets everything else through to the network without storing it (cache-policy.ts: never a
 * Salesforce response, a token or another origin's answer). A new version installs beside the running
 * one and waits: the page offers to reload, and only then does it take over (message "skip-waiting").
 */
import { base, build, files, version } from '$service-worker';
import { cacheDecision, cacheName, SHELL_PATH } from '$lib/shell/cache-policy';

const worker = self as unknown as ServiceWorkerGlobalScope;
const CACHE = cacheName(version);
const SHELL = `${base}${SHELL_PATH}`;
const PRECACHED = [...new Set([...build, ...files, SHELL])];
const precachedPaths = new Set(PRECACHED);

worker.addEventListener('install', (event) => {
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHED)));
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			await worker.clients.claim();
		})()
	);
});

worker.addEventListener('message', (event) => {
	if (event.data === 'skip-waiting') void worker.skipWaiting();
});

worker.addEventListener('fetch', (event) => {
	const decision = cacheDecision(event.request, worker.location.origin, precachedPaths);
	if (decision === 'network') return;
	const cachedPath = decision === 'shell' ? SHELL : new URL(event.request.url).pathname;
	event.respondWith(
		caches
			.open(CACHE)
			.then((cache) => cache.match(cachedPath))
			.then((cached) => cached ?? fetch(event.request))
	);
});
