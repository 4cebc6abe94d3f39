import { describe, expect, it } from 'vitest';
import type { LoginHost } from '../core/model';
import { DEMO_INSTANCE_URL } from '../emulator';
import { testConnection } from './connection-test';
import {
	beginAuthorization,
	completeAuthorization,
	createMemoryPendingStore,
	createStoragePendingStore,
	type PendingAuthStore
} from './pkce';
import {
	browserFetch,
	createTestEmulator,
	submitLoginForm,
	TEST_APP_ORIGIN,
	TEST_CLIENTS,
	TEST_REDIRECT_URI
} from './testing';

const myDomain: LoginHost = { kind: 'mydomain', url: DEMO_INSTANCE_URL };
const credential = { id: 'cred-1', clientId: TEST_CLIENTS.pkce, loginHost: myDomain };
const TOKEN_PATH = '/services/oauth2/token';

async function startSignIn(scope?: string) {
	const emulator = createTestEmulator();
	const fetch = browserFetch(emulator);
	const store = createMemoryPendingStore();
	const begun = await beginAuthorization({ credential, redirectUri: TEST_REDIRECT_URI, store, fetch, scope });
	if (!begun.ok) throw new Error(begun.error.message);
	return { emulator, fetch, store, url: begun.value.url, state: begun.value.state };
}

async function signInToCallback(scope?: string) {
	const started = await startSignIn(scope);
	const callbackUrl = await submitLoginForm(started.emulator, started.url, {
		username: started.emulator.org.adminUser.Username,
		password: started.emulator.options.userPassword
	});
	return { ...started, callbackUrl };
}

describe('authorization code + PKCE against the emulator', () => {
	it('signs in end to end and the connection test is green', async () => {
		const { emulator, fetch, store, callbackUrl } = await signInToCallback();
		expect(callbackUrl.startsWith(TEST_REDIRECT_URI)).toBe(true);
		const done = await completeAuthorization({ callbackUrl, store, fetch });
		if (!done.ok) throw new Error(done.error.message);
		expect(done.value.credentialId).toBe('cred-1');
		const { tokens } = done.value;
		expect(tokens.accessToken).toMatch(/^00D/);
		expect(tokens.refreshToken).toBeTruthy();
		expect(tokens.instanceUrl).toBe(DEMO_INSTANCE_URL);
		expect(tokens.userId).toBe(emulator.org.adminUser.Id);
		expect(tokens.orgId).toBe(emulator.org.orgId);
		const report = await testConnection({
			fetch,
			instanceUrl: tokens.instanceUrl,
			accessToken: tokens.accessToken
		});
		expect(report.diagnoses).toEqual([]);
		expect(report.ok).toBe(true);
		expect(report.identity?.username).toBe(emulator.org.adminUser.Username);
	});

	it('asks with S256, a fresh verifier, state and nonce every time', async () => {
		const emulator = createTestEmulator();
		const fetch = browserFetch(emulator);
		const store = createMemoryPendingStore();
		const urls: URL[] = [];
		for (let attempt = 0; attempt < 2; attempt++) {
			const begun = await beginAuthorization({ credential, redirectUri: TEST_REDIRECT_URI, store, fetch });
			if (!begun.ok) throw new Error(begun.error.message);
			urls.push(new URL(begun.value.url));
		}
		const [first, second] = urls.map((url) => url.searchParams);
		expect(urls[0].origin + urls[0].pathname).toBe(`${DEMO_INSTANCE_URL}/services/oauth2/authorize`);
		expect(first.get('code_challenge_method')).toBe('S256');
		expect(first.get('redirect_uri')).toBe(TEST_REDIRECT_URI);
		for (const name of ['state', 'nonce', 'code_challenge']) {
			expect(first.get(name)).toBeTruthy();
			expect(first.get(name)).not.toBe(second.get(name));
		}
		expect(store.size).toBe(2);
	});

	it('checks the ID token nonce when openid is asked for', async () => {
		const { fetch, store, callbackUrl } = await signInToCallback('api refresh_token openid');
		const done = await completeAuthorization({ callbackUrl, store, fetch });
		expect(done.ok).toBe(true);
	});

	it('needs the My Domain: production is refused before any request (Q9)', async () => {
		const emulator = createTestEmulator();
		const fetch = browserFetch(emulator);
		const begun = await beginAuthorization({
			credential: { ...credential, loginHost: { kind: 'production' } },
			redirectUri: TEST_REDIRECT_URI,
			store: createMemoryPendingStore(),
			fetch
		});
		expect(begun.ok).toBe(false);
		if (!begun.ok) {
			expect(begun.error.code).toBe('AUTH_NEEDS_MY_DOMAIN');
			expect(begun.error.message).toContain('Enable CORS for OAuth endpoints');
		}
		expect(fetch.requests).toHaveLength(0);
	});
});

describe('callback checks (Q1)', () => {
	async function expectRejected(
		store: PendingAuthStore,
		fetch: ReturnType<typeof browserFetch>,
		callbackUrl: string,
		code: string
	) {
		const done = await completeAuthorization({ callbackUrl, store, fetch });
		expect(done.ok).toBe(false);
		if (!done.ok) expect(done.error.code).toBe(code);
		expect(fetch.count(TOKEN_PATH)).toBe(0);
	}

	it('rejects a wrong or missing state without a token request, and keeps the real pending sign-in', async () => {
		const { fetch, store, callbackUrl, state } = await signInToCallback();
		const wrong = new URL(callbackUrl);
		wrong.searchParams.set('state', 'forged');
		await expectRejected(store, fetch, wrong.href, 'AUTH_STATE_MISMATCH');
		const missing = new URL(callbackUrl);
		missing.searchParams.delete('state');
		await expectRejected(store, fetch, missing.href, 'AUTH_STATE_MISMATCH');
		expect(await store.take(state)).toMatchObject({ state });
	});

	it('rejects a wrong iss without a token request', async () => {
		const { fetch, store, callbackUrl } = await signInToCallback();
		const forged = new URL(callbackUrl);
		forged.searchParams.set('iss', 'https://evil.example');
		await expectRejected(store, fetch, forged.href, 'AUTH_ISSUER_MISMATCH');
	});

	it('reports an error parameter without a token request', async () => {
		const started = await startSignIn();
		const callbackUrl = await submitLoginForm(started.emulator, started.url, {
			username: started.emulator.org.adminUser.Username,
			password: started.emulator.options.userPassword,
			decision: 'deny'
		});
		const done = await completeAuthorization({ callbackUrl, store: started.store, fetch: started.fetch });
		expect(done.ok).toBe(false);
		if (!done.ok) {
			expect(done.error.code).toBe('AUTH_CALLBACK_ERROR');
			expect(done.error.message).toContain('end-user denied authorization');
		}
		expect(started.fetch.count(TOKEN_PATH)).toBe(0);
	});
});

describe('issuer (Q2), reload (Q3) and broken token endpoints (Q4)', () => {
	it('fails closed when discovery names another issuer', async () => {
		const emulator = createTestEmulator();
		const fetch = browserFetch(emulator, async (request) => {
			if (!request.url.endsWith('/.well-known/openid-configuration')) return null;
			const body = await (await emulator.handle(request)).json();
			return Response.json(
				{ ...body, issuer: 'https://impostor.my.salesforce.com' },
				{ headers: { 'Access-Control-Allow-Origin': TEST_APP_ORIGIN } }
			);
		});
		const begun = await beginAuthorization({
			credential,
			redirectUri: TEST_REDIRECT_URI,
			store: createMemoryPendingStore(),
			fetch
		});
		expect(begun.ok).toBe(false);
		if (!begun.ok) expect(begun.error.code).toBe('AUTH_ISSUER_MISMATCH');
	});

	it('gives one invalid_grant message on a reloaded callback, with the verifier gone', async () => {
		const { fetch, store, callbackUrl, state } = await signInToCallback();
		expect((await completeAuthorization({ callbackUrl, store, fetch })).ok).toBe(true);
		const again = await completeAuthorization({ callbackUrl, store, fetch });
		expect(again.ok).toBe(false);
		if (!again.ok) expect(again.error.code).toBe('AUTH_INVALID_GRANT');
		expect(fetch.count(TOKEN_PATH)).toBe(1);
		const left = await store.take(state);
		expect(left).toEqual({ used: true, credentialId: 'cred-1' });
		expect(JSON.stringify(left)).not.toContain('codeVerifier');
	});

	it('types an HTML answer from the token endpoint and returns no tokens', async () => {
		const emulator = createTestEmulator();
		const fetch = browserFetch(emulator, (request) =>
			request.url.endsWith(TOKEN_PATH)
				? new Response('<html><body>Down for maintenance</body></html>', {
						status: 503,
						headers: { 'Content-Type': 'text/html', 'Access-Control-Allow-Origin': TEST_APP_ORIGIN }
					})
				: null
		);
		const store = createMemoryPendingStore();
		const begun = await beginAuthorization({ credential, redirectUri: TEST_REDIRECT_URI, store, fetch });
		if (!begun.ok) throw new Error(begun.error.message);
		const callbackUrl = await submitLoginForm(emulator, begun.value.url, {
			username: emulator.org.adminUser.Username,
			password: emulator.options.userPassword
		});
		const done = await completeAuthorization({ callbackUrl, store, fetch });
		expect(done).toMatchObject({
			ok: false,
			error: { code: 'AUTH_TOKEN_ENDPOINT', status: 503, retryable: true }
		});
	});

	it('names CORS for OAuth endpoints when the token call gets no readable answer', async () => {
		const emulator = createTestEmulator({ oauthCors: false });
		const fetch = browserFetch(emulator);
		const store = createMemoryPendingStore();
		const begun = await beginAuthorization({ credential, redirectUri: TEST_REDIRECT_URI, store, fetch });
		if (!begun.ok) throw new Error(begun.error.message);
		const callbackUrl = await submitLoginForm(emulator, begun.value.url, {
			username: emulator.org.adminUser.Username,
			password: emulator.options.userPassword
		});
		const done = await completeAuthorization({ callbackUrl, store, fetch });
		expect(done.ok).toBe(false);
		if (!done.ok) {
			expect(done.error.code).toBe('CORS_OR_NETWORK');
			expect(done.error.message).toContain('Enable CORS for OAuth endpoints');
		}
	});
});

describe('pending sign-ins in sessionStorage', () => {
	it('survives as JSON and is removed when taken', async () => {
		const items = new Map<string, string>();
		const storage = {
			getItem: (key: string) => items.get(key) ?? null,
			setItem: (key: string, value: string) => void items.set(key, value),
			removeItem: (key: string) => void items.delete(key)
		};
		const emulator = createTestEmulator();
		const fetch = browserFetch(emulator);
		const store = createStoragePendingStore(storage);
		const begun = await beginAuthorization({ credential, redirectUri: TEST_REDIRECT_URI, store, fetch });
		if (!begun.ok) throw new Error(begun.error.message);
		expect([...items.keys()]).toEqual([`sf-pending-auth:${begun.value.state}`]);
		const callbackUrl = await submitLoginForm(emulator, begun.value.url, {
			username: emulator.org.adminUser.Username,
			password: emulator.options.userPassword
		});
		const done = await completeAuthorization({ callbackUrl, store, fetch });
		expect(done.ok).toBe(true);
		expect(JSON.parse(items.get(`sf-pending-auth:${begun.value.state}`) ?? '')).toEqual({
			used: true,
			credentialId: 'cred-1'
		});
		if (done.ok) expect([...items.values()].join()).not.toContain(done.value.tokens.accessToken);
	});
});
