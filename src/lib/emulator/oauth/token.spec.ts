import { describe, expect, it } from 'vitest';
import { createOAuthHandler } from './index';
import { generateSigningKeyPair, signRs256 } from './jose';
import { createTestOrg, TEST_ORG_URL, TEST_USERS, testApps } from './test-org';
import { exchange, fakeCertificate, post, signIn, toPem } from './testing';

describe('authorization code grant', () => {
	it('answers in Salesforce shape: no expires_in, issued_at in ms as text, identity URL', async () => {
		const org = createTestOrg();
		const code = (await signIn(org)).searchParams.get('code') ?? '';
		const { status, body } = await exchange(org, code);
		expect(status).toBe(200);
		expect(Object.keys(body).sort()).toEqual(
			[
				'access_token',
				'refresh_token',
				'signature',
				'scope',
				'instance_url',
				'id',
				'token_type',
				'issued_at'
			].sort()
		);
		expect(body.access_token).toMatch(/^00D000000000001!/);
		expect(body.token_type).toBe('Bearer');
		expect(body.issued_at).toBe(String(org.ctx.now()));
		expect(body.instance_url).toBe(TEST_ORG_URL);
		expect(body.id).toBe(`${TEST_ORG_URL}/id/00D000000000001EAA/${TEST_USERS.admin.id}`);
		expect(body.scope).toBe('api refresh_token');
		expect(org.ctx.sessions.lookup(body.access_token)?.userId).toBe(TEST_USERS.admin.id);
	});

	it('adds a signed ID token carrying the nonce when openid was granted', async () => {
		const org = createTestOrg();
		const code = (await signIn(org, { scope: 'api openid', nonce: 'n-123' })).searchParams.get('code') ?? '';
		const { body } = await exchange(org, code);
		const claims = JSON.parse(atob(body.id_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
		expect(claims).toMatchObject({ iss: TEST_ORG_URL, aud: 'pkce-app', nonce: 'n-123', sub: body.id });
		expect(body).not.toHaveProperty('refresh_token');
	});

	it('accepts a code once', async () => {
		const org = createTestOrg();
		const code = (await signIn(org)).searchParams.get('code') ?? '';
		expect((await exchange(org, code)).status).toBe(200);
		expect(await exchange(org, code)).toEqual({
			status: 400,
			body: { error: 'invalid_grant', error_description: 'invalid authorization code' }
		});
	});

	it('lets a code expire after ten minutes', async () => {
		const org = createTestOrg();
		const code = (await signIn(org)).searchParams.get('code') ?? '';
		org.advance(10 * 60 * 1000 + 1);
		expect((await exchange(org, code)).body.error).toBe('invalid_grant');
	});

	it('binds the code to the verifier, the callback and the client', async () => {
		const org = createTestOrg();
		const codeFor = async () => (await signIn(org)).searchParams.get('code') ?? '';
		expect((await exchange(org, await codeFor(), { code_verifier: '' })).body.error).toBe('invalid_grant');
		expect((await exchange(org, await codeFor(), { code_verifier: 'x'.repeat(50) })).body).toEqual({
			error: 'invalid_request',
			error_description: 'invalid code verifier'
		});
		expect(
			(await exchange(org, await codeFor(), { redirect_uri: 'https://app.example/other' })).body.error
		).toBe('invalid_grant');
		expect((await exchange(org, await codeFor(), { client_id: 'server-app' })).body.error).toBe(
			'invalid_grant'
		);
		expect((await exchange(org, await codeFor(), { client_id: 'ghost' })).body.error).toBe(
			'invalid_client_id'
		);
	});

	it('can answer a wrong verifier with invalid_grant instead', async () => {
		const org = createTestOrg({}, createOAuthHandler({ wrongVerifierError: 'invalid_grant' }));
		const code = (await signIn(org)).searchParams.get('code') ?? '';
		expect((await exchange(org, code, { code_verifier: 'y'.repeat(50) })).body.error).toBe('invalid_grant');
	});
});

describe('refresh token grant', () => {
	async function refresh(org: ReturnType<typeof createTestOrg>, refreshToken: string, clientId = 'pkce-app') {
		const response = await org.handle(
			post(`${TEST_ORG_URL}/services/oauth2/token`, {
				grant_type: 'refresh_token',
				refresh_token: refreshToken,
				client_id: clientId,
				...(clientId === 'server-app' ? { client_secret: 'server-secret' } : {})
			})
		);
		return { status: response.status, body: (await response.json()) as Record<string, string> };
	}

	it('rotates: a new refresh token each time, the old one dead', async () => {
		const org = createTestOrg();
		const first = (await exchange(org, (await signIn(org)).searchParams.get('code') ?? '')).body;
		const second = await refresh(org, first.refresh_token);
		expect(second.status).toBe(200);
		expect(second.body.refresh_token).toBeTruthy();
		expect(second.body.refresh_token).not.toBe(first.refresh_token);
		expect(await refresh(org, first.refresh_token)).toEqual({
			status: 400,
			body: { error: 'invalid_grant', error_description: 'expired access/refresh token' }
		});
		expect((await refresh(org, second.body.refresh_token)).status).toBe(200);
	});

	it('without rotation returns no refresh token and keeps the old one working', async () => {
		const org = createTestOrg();
		const grant = org.ctx.sessions.issueRefresh({
			userId: TEST_USERS.admin.id,
			clientId: 'server-app',
			scope: 'api'
		});
		const first = await refresh(org, grant.refreshToken, 'server-app');
		expect(first.status).toBe(200);
		expect(first.body).not.toHaveProperty('refresh_token');
		expect(first.body).not.toHaveProperty('expires_in');
		expect((await refresh(org, grant.refreshToken, 'server-app')).status).toBe(200);
	});
});

describe('JWT bearer grant', () => {
	async function jwtOrg(asCertificate = false) {
		const keyPair = await generateSigningKeyPair();
		const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keyPair.publicKey));
		const pem = asCertificate ? toPem('CERTIFICATE', fakeCertificate(spki)) : toPem('PUBLIC KEY', spki);
		const org = createTestOrg({ connectedApps: testApps(pem) });
		return { org, privateKey: keyPair.privateKey };
	}

	async function assertion(privateKey: CryptoKey, claims: Record<string, unknown>, nowMs: number) {
		return signRs256(
			{
				iss: 'jwt-app',
				sub: TEST_USERS.admin.username,
				aud: 'https://login.salesforce.com',
				exp: Math.floor(nowMs / 1000) + 120,
				...claims
			},
			privateKey,
			'k1'
		);
	}

	async function send(org: ReturnType<typeof createTestOrg>, jwt: string) {
		const response = await org.handle(
			post(`${TEST_ORG_URL}/services/oauth2/token`, {
				grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
				assertion: jwt
			})
		);
		return { status: response.status, body: (await response.json()) as Record<string, string> };
	}

	it('issues an access token without refresh token for a valid assertion (SPKI and certificate)', async () => {
		for (const asCertificate of [false, true]) {
			const { org, privateKey } = await jwtOrg(asCertificate);
			const { status, body } = await send(org, await assertion(privateKey, {}, org.ctx.now()));
			expect(status).toBe(200);
			expect(body).not.toHaveProperty('refresh_token');
			expect(body.id).toContain(TEST_USERS.admin.id);
		}
	});

	it('refuses a foreign key, a wrong audience, a far expiry, a past expiry and an unknown user', async () => {
		const { org, privateKey } = await jwtOrg();
		const other = await generateSigningKeyPair();
		const now = org.ctx.now();
		const seconds = Math.floor(now / 1000);
		expect((await send(org, await assertion(other.privateKey, {}, now))).body.error_description).toBe(
			'invalid assertion'
		);
		expect((await send(org, await assertion(privateKey, { aud: 'https://evil.example' }, now))).body).toEqual(
			{
				error: 'invalid_grant',
				error_description: 'audience is invalid'
			}
		);
		expect((await send(org, await assertion(privateKey, { exp: seconds + 600 }, now))).body.error).toBe(
			'invalid_grant'
		);
		expect((await send(org, await assertion(privateKey, { exp: seconds - 1 }, now))).body.error).toBe(
			'invalid_grant'
		);
		expect((await send(org, await assertion(privateKey, { sub: 'ghost@acme.test' }, now))).body.error).toBe(
			'invalid_grant'
		);
		expect((await send(org, await assertion(privateKey, { iss: 'ghost' }, now))).body.error).toBe(
			'invalid_client_id'
		);
		expect((await send(org, 'not-a-jwt')).body.error).toBe('invalid_grant');
	});
});

describe('client credentials and password grants', () => {
	const clientCredentials = {
		grant_type: 'client_credentials',
		client_id: 'server-app',
		client_secret: 'server-secret'
	};

	it('runs as the app user on the My Domain only', async () => {
		const org = createTestOrg();
		const ok = await org.handle(post(`${TEST_ORG_URL}/services/oauth2/token`, clientCredentials));
		const body = await ok.json();
		expect(ok.status).toBe(200);
		expect(body.id).toContain(TEST_USERS.integration.id);
		expect(body).not.toHaveProperty('refresh_token');
		const elsewhere = await org.handle(
			post('https://login.salesforce.com/services/oauth2/token', clientCredentials)
		);
		expect(await elsewhere.json()).toEqual({
			error: 'invalid_grant',
			error_description: 'request not supported on this domain'
		});
		const wrongSecret = await org.handle(
			post(`${TEST_ORG_URL}/services/oauth2/token`, { ...clientCredentials, client_secret: 'guess' })
		);
		expect((await wrongSecret.json()).error).toBe('invalid_client');
		const basic = await org.handle(
			post(
				`${TEST_ORG_URL}/services/oauth2/token`,
				{ grant_type: 'client_credentials' },
				{ Authorization: `Basic ${btoa('server-app:server-secret')}` }
			)
		);
		expect(basic.status).toBe(200);
	});

	it('blocks the password flow unless allowed, then wants password plus security token', async () => {
		const fields = {
			grant_type: 'password',
			client_id: 'server-app',
			client_secret: 'server-secret',
			username: TEST_USERS.admin.username,
			password: 'correct horseTOKEN123'
		};
		const blocked = await createTestOrg().handle(post(`${TEST_ORG_URL}/services/oauth2/token`, fields));
		expect(await blocked.json()).toEqual({
			error: 'invalid_grant',
			error_description: 'authentication failure'
		});
		const org = createTestOrg({ allowPasswordFlow: true });
		expect((await org.handle(post(`${TEST_ORG_URL}/services/oauth2/token`, fields))).status).toBe(200);
		const noToken = await org.handle(
			post(`${TEST_ORG_URL}/services/oauth2/token`, { ...fields, password: 'correct horse' })
		);
		expect(noToken.status).toBe(400);
	});

	it('names unknown grant types', async () => {
		const response = await createTestOrg().handle(
			post(`${TEST_ORG_URL}/services/oauth2/token`, { grant_type: 'magic' })
		);
		expect(await response.json()).toEqual({
			error: 'unsupported_grant_type',
			error_description: 'grant type not supported'
		});
	});
});
