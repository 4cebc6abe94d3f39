import { describe, expect, it } from 'vitest';
import {
	CORS_ALLOWED_METHODS,
	corsKindForPath,
	isOriginAllowed,
	preflightResponse,
	withCors,
	type CorsPolicy
} from './cors';

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
