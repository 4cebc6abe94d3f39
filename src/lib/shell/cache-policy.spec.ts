import { describe, expect, it } from 'vitest';
import { cacheDecision, cacheName, SHELL_PATH, type RequestFacts } from './cache-policy';

const ORIGIN = 'https://connector.example.com';
const precached = new Set(['/_app/immutable/entry/start.js', '/favicon.svg', SHELL_PATH]);

function request(url: string, facts: Partial<Omit<RequestFacts, 'url'>> & { auth?: boolean } = {}) {
	return {
		method: facts.method ?? 'GET',
		url,
		mode: facts.mode ?? 'cors',
		headers: { has: (name: string) => name === 'authorization' && facts.auth === true }
	};
}

describe('cacheDecision', () => {
	it('serves the listed build files from the precache and navigations with the shell', () => {
		expect(cacheDecision(request(`${ORIGIN}/_app/immutable/entry/start.js`), ORIGIN, precached)).toBe(
			'precached'
		);
		expect(cacheDecision(request(`${ORIGIN}/favicon.svg?v=2`), ORIGIN, precached)).toBe('precached');
		expect(cacheDecision(request(`${ORIGIN}/runs/r1`, { mode: 'navigate' }), ORIGIN, precached)).toBe(
			'shell'
		);
		expect(
			cacheDecision(
				request(`${ORIGIN}/auth/callback?code=x&state=y`, { mode: 'navigate' }),
				ORIGIN,
				precached
			)
		).toBe('shell');
	});

	it('never serves or stores Salesforce calls, token requests or other origins', () => {
		for (const url of [
			'https://acme.my.salesforce.com/services/data/v62.0/query?q=SELECT+Id+FROM+User',
			'https://acme.my.salesforce.com/services/oauth2/token',
			'https://login.salesforce.com/services/oauth2/authorize',
			'http://127.0.0.1:8787/services/data/',
			'https://cdn.example.net/_app/immutable/entry/start.js'
		])
			expect(cacheDecision(request(url, { mode: 'navigate' }), ORIGIN, precached)).toBe('network');
	});

	it('leaves anything but a plain GET to the network, even of a listed file', () => {
		const listed = `${ORIGIN}/_app/immutable/entry/start.js`;
		expect(cacheDecision(request(listed, { method: 'POST' }), ORIGIN, precached)).toBe('network');
		expect(cacheDecision(request(listed, { method: 'HEAD' }), ORIGIN, precached)).toBe('network');
		expect(cacheDecision(request(listed, { auth: true }), ORIGIN, precached)).toBe('network');
		expect(cacheDecision(request(`${ORIGIN}/_app/version.json`), ORIGIN, precached)).toBe('network');
	});

	it('names one cache per version', () => {
		expect(cacheName('1764680000000')).toBe('app-shell-1764680000000');
		expect(cacheName('a')).not.toBe(cacheName('b'));
	});
});
