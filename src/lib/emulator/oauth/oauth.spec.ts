import { describe, expect, it } from 'vitest';
import { createOAuthHandler } from './index';
import { base64UrlEncode, generateSigningKeyPair, sha256, signRs256 } from './jose';
import { createTestOrg, TEST_CALLBACK, TEST_ORG_URL, TEST_USERS, testApps } from './test-org';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-extra-length';

async function challengeOf(verifier: string): Promise<string> {
	return base64UrlEncode(await sha256(verifier));
}

function post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Request {
	return new Request(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(fields)
	});
}

async function authorizeParams(extra: Record<string, string> = {}): Promise<Record<string, string>> {
	return {
		response_type: 'code',
		client_id: 'pkce-app',
		redirect_uri: TEST_CALLBACK,
		state: 'state-1',
		scope: 'api refresh_token',
		code_challenge: await challengeOf(VERIFIER),
		code_challenge_method: 'S256',
		...extra
	};
}

/** Signs in on the authorize form and returns the redirect location. */
async function signIn(
	org: ReturnType<typeof createTestOrg>,
	extra: Record<string, string> = {}
): Promise<URL> {
	const response = await org.handle(
		post(`${TEST_ORG_URL}/services/oauth2/authorize`, {
			...(await authorizeParams(extra)),
			username: TEST_USERS.admin.username,
			password: 'correct horse',
			decision: 'allow'
		})
	);
	expect(response.status).toBe(302);
	return new URL(response.headers.get('location') ?? '');
}

async function exchange(
	org: ReturnType<typeof createTestOrg>,
	code: string,
	extra: Record<string, string> = {}
) {
	const response = await org.handle(
		post(`${TEST_ORG_URL}/services/oauth2/token`, {
			grant_type: 'authorization_code',
			code,
			client_id: 'pkce-app',
			redirect_uri: TEST_CALLBACK,
			code_verifier: VERIFIER,
			...extra
		})
	);
	return { status: response.status, body: (await response.json()) as Record<string, string> };
}

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

describe('authorize', () => {
	it('shows a login page that escapes everything it echoes', async () => {
		const org = createTestOrg();
		const params = new URLSearchParams(await authorizeParams({ state: '"><script>alert(1)</script>' }));
		const response = await org.handle(new Request(`${TEST_ORG_URL}/services/oauth2/authorize?${params}`));
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/html');
		expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
		const html = await response.text();
		expect(html).not.toContain('<script>');
		expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('name="username"');
		expect(html).toContain('type="password"');
		expect(html).toContain('method="post"');
		const hinted = new URLSearchParams(await authorizeParams({ login_hint: 'admin@acme.test' }));
		const prefilled = await (
			await org.handle(new Request(`${TEST_ORG_URL}/services/oauth2/authorize?${hinted}`))
		).text();
		expect(prefilled).toContain('value="admin@acme.test"');
	});

	it('never redirects to an unknown client or an unregistered callback', async () => {
		const org = createTestOrg();
		for (const extra of [{ client_id: 'nobody' }, { redirect_uri: 'https://evil.example/cb' }] as Record<
			string,
			string
		>[]) {
			const params = new URLSearchParams(await authorizeParams(extra));
			const response = await org.handle(new Request(`${TEST_ORG_URL}/services/oauth2/authorize?${params}`));
			expect(response.status).toBe(400);
			expect(response.headers.get('location')).toBeNull();
		}
	});

	it('redirects with error and state when the PKCE challenge is missing', async () => {
		const org = createTestOrg();
		const params = new URLSearchParams(await authorizeParams());
		params.delete('code_challenge');
		params.delete('code_challenge_method');
		const response = await org.handle(new Request(`${TEST_ORG_URL}/services/oauth2/authorize?${params}`));
		const location = new URL(response.headers.get('location') ?? '');
		expect(location.origin + location.pathname).toBe(TEST_CALLBACK);
		expect(location.searchParams.get('error')).toBe('invalid_request');
		expect(location.searchParams.get('state')).toBe('state-1');
	});

	it('keeps the page on a wrong password and redirects access_denied on deny', async () => {
		const org = createTestOrg();
		const base = { ...(await authorizeParams()), username: TEST_USERS.admin.username };
		const wrong = await org.handle(
			post(`${TEST_ORG_URL}/services/oauth2/authorize`, { ...base, password: 'nope', decision: 'allow' })
		);
		expect(wrong.status).toBe(200);
		expect(await wrong.text()).toContain('check your username and password');
		const inactive = await org.handle(
			post(`${TEST_ORG_URL}/services/oauth2/authorize`, {
				...base,
				username: TEST_USERS.former.username,
				password: 'correct horse',
				decision: 'allow'
			})
		);
		expect(inactive.status).toBe(200);
		const denied = await org.handle(
			post(`${TEST_ORG_URL}/services/oauth2/authorize`, { ...base, decision: 'deny' })
		);
		const location = new URL(denied.headers.get('location') ?? '');
		expect(location.searchParams.get('error')).toBe('access_denied');
		expect(location.searchParams.get('state')).toBe('state-1');
	});

	it('redirects with code and state, and iss only when configured', async () => {
		const plain = await signIn(createTestOrg());
		expect(plain.searchParams.get('code')).toMatch(/^aPrx/);
		expect(plain.searchParams.get('state')).toBe('state-1');
		expect(plain.searchParams.has('iss')).toBe(false);
		const withIss = await signIn(createTestOrg({}, createOAuthHandler({ sendIssuer: true })));
		expect(withIss.searchParams.get('iss')).toBe(TEST_ORG_URL);
	});
});

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

describe('CORS on OAuth endpoints', () => {
	const origin = { Origin: 'https://app.example' };
	const tokenRequest = (host: string) =>
		post(
			`${host}/services/oauth2/token`,
			{ grant_type: 'refresh_token', refresh_token: 'x', client_id: 'pkce-app' },
			origin
		);

	it('answers the browser on the My Domain when the switch is on', async () => {
		const response = await createTestOrg().handle(tokenRequest(TEST_ORG_URL));
		expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
	});

	it('stays closed with the switch off and on login.salesforce.com', async () => {
		const off = await createTestOrg({ oauthCors: false }).handle(tokenRequest(TEST_ORG_URL));
		expect(off.headers.get('access-control-allow-origin')).toBeNull();
		const login = await createTestOrg().handle(tokenRequest('https://login.salesforce.com'));
		expect(login.headers.get('access-control-allow-origin')).toBeNull();
	});

	it('applies the allowlist to userinfo and nothing to the authorize page', async () => {
		const org = createTestOrg();
		const listed = await org.handle(
			new Request(`${TEST_ORG_URL}/services/oauth2/userinfo`, { headers: origin })
		);
		expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example');
		const stranger = await org.handle(
			new Request(`${TEST_ORG_URL}/services/oauth2/userinfo`, { headers: { Origin: 'https://evil.example' } })
		);
		expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
	});
});

function toPem(label: string, der: Uint8Array): string {
	const base64 = base64UrlEncode(der).replace(/-/g, '+').replace(/_/g, '/');
	const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
	return `-----BEGIN ${label}-----\n${padded.match(/.{1,64}/g)?.join('\n')}\n-----END ${label}-----\n`;
}

function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
	const length = parts.reduce((sum, part) => sum + part.length, 0);
	const header =
		length < 128
			? [tag, length]
			: length < 256
				? [tag, 0x81, length]
				: [tag, 0x82, length >> 8, length & 0xff];
	const out = new Uint8Array(header.length + length);
	out.set(header);
	let offset = header.length;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

/** A structurally valid X.509 certificate around a public key (its own signature is not checked). */
function fakeCertificate(spki: Uint8Array): Uint8Array {
	const algorithm = tlv(
		0x30,
		tlv(0x06, new Uint8Array([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]))
	);
	const name = tlv(
		0x30,
		tlv(
			0x31,
			tlv(0x30, tlv(0x06, new Uint8Array([0x55, 0x04, 0x03])), tlv(0x0c, new TextEncoder().encode('jwt')))
		)
	);
	const validity = tlv(
		0x30,
		tlv(0x17, new TextEncoder().encode('260101000000Z')),
		tlv(0x17, new TextEncoder().encode('360101000000Z'))
	);
	const tbs = tlv(
		0x30,
		tlv(0xa0, tlv(0x02, new Uint8Array([2]))),
		tlv(0x02, new Uint8Array([1])),
		algorithm,
		name,
		validity,
		name,
		spki
	);
	return tlv(0x30, tbs, algorithm, tlv(0x03, new Uint8Array([0, 1, 2, 3])));
}
