import { describe, expect, it } from 'vitest';
import {
	CORS_ALLOWED_METHODS,
	corsKindForPath,
	isOriginAllowed,
	preflightResponse,
	withCors,
	type CorsPolicy
} from './cors';
import { APP, BASE, setupEmulator } from './testing';

const policy: CorsPolicy = {
	instanceOrigin: 'https://acme.my.salesforce.com',
	allowlist: ['https://app.example'],
	oauthCors: true,
	exposeHeaders: []
};

describe('CORS rules', () => {
	it('classifies paths', () => {
		expect(corsKindForPath('/services/data/v66.0/query')).toBe('api');
		expect(corsKindForPath('/services/oauth2/userinfo')).toBe('api');
		expect(corsKindForPath('/services/oauth2/token')).toBe('oauth');
		expect(corsKindForPath('/services/oauth2/revoke')).toBe('oauth');
		expect(corsKindForPath('/.well-known/openid-configuration')).toBe('open');
		expect(corsKindForPath('/id/keys')).toBe('open');
		expect(corsKindForPath('/services/oauth2/authorize')).toBe('none');
	});

	it('allows listed origins, OAuth only with the OAuth setting, open paths always', () => {
		expect(isOriginAllowed('https://app.example', 'api', policy)).toBe(true);
		expect(isOriginAllowed('https://evil.example', 'api', policy)).toBe(false);
		expect(isOriginAllowed('https://app.example', 'oauth', policy)).toBe(true);
		expect(isOriginAllowed('https://app.example', 'oauth', { ...policy, oauthCors: false })).toBe(false);
		expect(isOriginAllowed('https://evil.example', 'open', policy)).toBe(true);
	});

	it('answers a preflight with the observed headers, echoing the requested ones', () => {
		const request = new Request('https://acme.my.salesforce.com/services/data/v66.0/query', {
			method: 'OPTIONS',
			headers: {
				Origin: 'https://app.example',
				'Access-Control-Request-Method': 'GET',
				'Access-Control-Request-Headers': 'authorization, sforce-query-options'
			}
		});
		const response = preflightResponse(request, 'api', policy);
		expect(response.status).toBe(200);
		expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
		expect(response.headers.get('access-control-allow-methods')).toBe(CORS_ALLOWED_METHODS);
		expect(CORS_ALLOWED_METHODS).toBe('HEAD, GET, POST, PUT, PATCH, DELETE');
		expect(response.headers.get('access-control-allow-credentials')).toBe('false');
		expect(response.headers.get('access-control-allow-headers')).toBe('authorization, sforce-query-options');
	});

	it('refuses a preflight from another origin with 403 and no CORS headers', () => {
		const request = new Request('https://acme.my.salesforce.com/services/data/v66.0/query', {
			method: 'OPTIONS',
			headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' }
		});
		const response = preflightResponse(request, 'api', policy);
		expect(response.status).toBe(403);
		expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
	});

	it('adds headers only for allowed cross-origin requests, and Expose-Headers only when configured', () => {
		const from = (origin: string) =>
			new Request('https://acme.my.salesforce.com/services/data/', { headers: { Origin: origin } });
		const allowed = withCors(from('https://app.example'), new Response('x'), 'api', policy);
		expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
		expect(allowed.headers.get('access-control-expose-headers')).toBeNull();
		const same = withCors(from('https://acme.my.salesforce.com'), new Response('x'), 'api', policy);
		expect(same.headers.get('access-control-allow-origin')).toBeNull();
		const exposing = withCors(from('https://app.example'), new Response('x'), 'api', {
			...policy,
			exposeHeaders: ['Sforce-Limit-Info']
		});
		expect(exposing.headers.get('access-control-expose-headers')).toBe('Sforce-Limit-Info');
	});
});

describe('CORS', () => {
	const preflight = (path: string, origin: string) =>
		new Request(BASE + path, {
			method: 'OPTIONS',
			headers: {
				Origin: origin,
				'Access-Control-Request-Method': 'GET',
				'Access-Control-Request-Headers': 'authorization'
			}
		});
	const corsHeaders = (response: Response) =>
		[...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

	it('answers preflights and responses for the app origin, which is on the allowlist by default', async () => {
		const { emulator, get } = setupEmulator();
		const answer = await emulator.handle(preflight('/services/data/v66.0/query', APP));
		expect(answer.status).toBe(200);
		expect(answer.headers.get('access-control-allow-methods')).toBe('HEAD, GET, POST, PUT, PATCH, DELETE');
		expect(answer.headers.get('access-control-allow-headers')).toBe('authorization');
		const response = await get('/services/data/v66.0/limits', { Origin: APP });
		expect(response.status).toBe(200);
		expect(response.headers.get('access-control-allow-origin')).toBe(APP);
		expect(response.headers.get('access-control-allow-credentials')).toBe('false');
	});

	it('refuses other origins with 403 and no CORS headers, for preflights and requests', async () => {
		const { emulator, get } = setupEmulator();
		const answer = await emulator.handle(preflight('/services/data/v66.0/query', 'https://evil.example'));
		expect(answer.status).toBe(403);
		expect(corsHeaders(answer)).toEqual([]);
		const response = await get('/services/data/v66.0/limits', { Origin: 'https://evil.example' });
		expect(response.status).toBe(403);
		expect(corsHeaders(response)).toEqual([]);
		expect(emulator.usage.used()).toBe(0);
	});

	it('lets OAuth token requests through only with "Enable CORS for OAuth endpoints", discovery always', async () => {
		const closed = setupEmulator({ oauthCors: false });
		expect((await closed.emulator.handle(preflight('/services/oauth2/token', APP))).status).toBe(403);
		const open = setupEmulator();
		expect((await open.emulator.handle(preflight('/services/oauth2/token', APP))).status).toBe(200);
		const discovery = await closed.emulator.handle(
			preflight('/.well-known/openid-configuration', 'https://any.example')
		);
		expect(discovery.status).toBe(200);
		expect((await closed.emulator.handle(preflight('/id/keys', 'https://any.example'))).status).toBe(200);
		expect(
			(await closed.emulator.handle(preflight('/services/oauth2/userinfo', 'https://any.example'))).status
		).toBe(403);
	});

	it('refuses a token preflight on a host other than the My Domain, even with CORS for OAuth endpoints on', async () => {
		const { emulator } = setupEmulator();
		const elsewhere = new Request('https://login.salesforce.com/services/oauth2/token', {
			method: 'OPTIONS',
			headers: { Origin: APP, 'Access-Control-Request-Method': 'POST' }
		});
		const answer = await emulator.handle(elsewhere);
		expect(answer.status).toBe(403);
		expect(corsHeaders(answer)).toEqual([]);
	});

	it('adds CORS headers to a token answer only when CORS for OAuth endpoints is on', async () => {
		const tokenRequest = () =>
			new Request(`${BASE}/services/oauth2/token`, {
				method: 'POST',
				headers: { Origin: APP },
				body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'unknown', client_id: 'x' })
			});
		const closed = await setupEmulator({ oauthCors: false }).emulator.handle(tokenRequest());
		expect(closed.headers.get('access-control-allow-origin')).toBeNull();
		const open = await setupEmulator().emulator.handle(tokenRequest());
		expect(open.headers.get('access-control-allow-origin')).toBe(APP);
	});

	it('adds an origin to the allowlist through the options', async () => {
		const { get } = setupEmulator({ corsAllowlist: ['https://other.example'] });
		expect((await get('/services/data/v66.0/limits', { Origin: 'https://other.example' })).status).toBe(200);
		expect((await get('/services/data/v66.0/limits', { Origin: APP })).status).toBe(403);
	});
});
