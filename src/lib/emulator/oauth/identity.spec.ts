import { describe, expect, it } from 'vitest';
import { createOAuthHandler } from './index';
import { createTestOrg, TEST_ORG_URL, TEST_USERS } from './test-org';
import { exchange, post, signIn } from './testing';

describe('discovery and keys', () => {
	it('names the host as issuer without a trailing slash and lists the endpoints', async () => {
		const org = createTestOrg();
		const response = await org.handle(new Request(`${TEST_ORG_URL}/.well-known/openid-configuration`));
		const body = await response.json();
		expect(body.issuer).toBe(TEST_ORG_URL);
		expect(body.token_endpoint).toBe(`${TEST_ORG_URL}/services/oauth2/token`);
		expect(body.revocation_endpoint).toBe(`${TEST_ORG_URL}/services/oauth2/revoke`);
		expect(body.token_endpoint_auth_methods_supported).toEqual(
			expect.arrayContaining(['client_secret_post', 'private_key_jwt'])
		);
		expect(body).not.toHaveProperty('code_challenge_methods_supported');
		expect(body).not.toHaveProperty('authorization_response_iss_parameter_supported');
	});

	it('lists challenge methods and the iss parameter when configured', async () => {
		const org = createTestOrg({}, createOAuthHandler({ codeChallengeMethods: ['S256'], sendIssuer: true }));
		const body = await (
			await org.handle(new Request(`${TEST_ORG_URL}/.well-known/openid-configuration`))
		).json();
		expect(body.code_challenge_methods_supported).toEqual(['S256']);
		expect(body.authorization_response_iss_parameter_supported).toBe(true);
	});

	it('answers any origin on discovery and keys, and publishes an RS256 key', async () => {
		const org = createTestOrg();
		const origin = { Origin: 'https://elsewhere.example' };
		const discovery = await org.handle(
			new Request(`${TEST_ORG_URL}/.well-known/openid-configuration`, { headers: origin })
		);
		expect(discovery.headers.get('access-control-allow-origin')).toBe('https://elsewhere.example');
		const keys = await org.handle(new Request(`${TEST_ORG_URL}/id/keys`, { headers: origin }));
		expect(keys.headers.get('access-control-allow-origin')).toBe('https://elsewhere.example');
		const body = await keys.json();
		expect(body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
	});

	it('leaves other paths to the router', async () => {
		const org = createTestOrg();
		expect((await org.handle(new Request(`${TEST_ORG_URL}/services/data/`))).status).toBe(404);
	});
});

describe('revoke, userinfo, identity, introspect', () => {
	async function signedIn() {
		const org = createTestOrg();
		const tokens = (await exchange(org, (await signIn(org)).searchParams.get('code') ?? '')).body;
		return { org, tokens };
	}
	const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

	it('describes the user on userinfo and the identity URL', async () => {
		const { org, tokens } = await signedIn();
		const info = await (
			await org.handle(new Request(`${TEST_ORG_URL}/services/oauth2/userinfo`, bearer(tokens.access_token)))
		).json();
		expect(info).toMatchObject({
			user_id: TEST_USERS.admin.id,
			organization_id: '00D000000000001EAA',
			preferred_username: TEST_USERS.admin.username
		});
		const identity = await (await org.handle(new Request(tokens.id, bearer(tokens.access_token)))).json();
		expect(identity).toMatchObject({ username: TEST_USERS.admin.username, asserted_user: true });
		expect(identity.urls.rest).toBe(`${TEST_ORG_URL}/services/data/v{version}/`);
	});

	it('revokes a refresh token together with its access tokens', async () => {
		const { org, tokens } = await signedIn();
		const revoked = await org.handle(
			post(`${TEST_ORG_URL}/services/oauth2/revoke`, { token: tokens.refresh_token })
		);
		expect(revoked.status).toBe(200);
		expect(org.ctx.sessions.lookup(tokens.access_token)).toBeNull();
		const info = await org.handle(
			new Request(`${TEST_ORG_URL}/services/oauth2/userinfo`, bearer(tokens.access_token))
		);
		expect(info.status).toBe(403);
		const again = await org.handle(
			post(`${TEST_ORG_URL}/services/oauth2/revoke`, { token: tokens.refresh_token })
		);
		expect(await again.json()).toEqual({ error: 'invalid_token', error_description: 'invalid token' });
		const missing = await org.handle(post(`${TEST_ORG_URL}/services/oauth2/revoke`, {}));
		expect((await missing.json()).error).toBe('unsupported_token_type');
	});

	it('introspects live and dead tokens for an authenticated client', async () => {
		const { org, tokens } = await signedIn();
		const ask = (token: string) =>
			org.handle(post(`${TEST_ORG_URL}/services/oauth2/introspect`, { token, client_id: 'pkce-app' }));
		expect(await (await ask(tokens.access_token)).json()).toMatchObject({
			active: true,
			client_id: 'pkce-app'
		});
		expect(await (await ask('nothing')).json()).toEqual({ active: false });
	});
});
