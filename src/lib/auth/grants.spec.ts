import { describe, expect, it } from 'vitest';
import type { LoginHost } from '../core/model';
import { DEMO_INSTANCE_URL } from '../emulator';
import {
	refreshAccessToken,
	revokeToken,
	signInWithClientCredentials,
	signInWithJwt,
	signInWithPassword,
	useAccessToken
} from './grants';
import { generateKeyPairPem, importPrivateKeyPem } from './jwt-key';
import { authError } from './server';
import { browserFetch, createTestEmulator, TEST_CLIENT_SECRET, TEST_CLIENTS } from './testing';
import type { TokenSet } from './tokens';

const myDomain: LoginHost = { kind: 'mydomain', url: DEMO_INSTANCE_URL };
const credentialOf = (clientId: string) => ({ id: 'cred', clientId, loginHost: myDomain });

function unwrap<T>(
	result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
): T {
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
	return result.value;
}

async function apiStatus(fetch: ReturnType<typeof browserFetch>, tokens: TokenSet): Promise<number> {
	const response = await fetch(
		new Request(`${tokens.instanceUrl}/services/data/v66.0/limits`, {
			headers: { Authorization: `Bearer ${tokens.accessToken}` }
		})
	);
	return response.status;
}

describe('JWT bearer', () => {
	it('signs an assertion with an imported PKCS#8 key and gets a session without refresh token', async () => {
		const { privateKeyPem, publicKeyPem } = await generateKeyPairPem();
		const emulator = createTestEmulator({ certificatePem: publicKeyPem });
		const fetch = browserFetch(emulator);
		const privateKey = await importPrivateKeyPem(privateKeyPem);
		expect(privateKey.extractable).toBe(false);
		const tokens = unwrap(
			await signInWithJwt({
				credential: credentialOf(TEST_CLIENTS.jwt),
				fetch,
				privateKey,
				username: emulator.org.adminUser.Username
			})
		);
		expect(tokens.refreshToken).toBeNull();
		expect(tokens.userId).toBe(emulator.org.adminUser.Id);
		expect(await apiStatus(fetch, tokens)).toBe(200);
	});

	it('is refused with a key the app does not know', async () => {
		const uploaded = await generateKeyPairPem();
		const other = await generateKeyPairPem();
		const emulator = createTestEmulator({ certificatePem: uploaded.publicKeyPem });
		const result = await signInWithJwt({
			credential: credentialOf(TEST_CLIENTS.jwt),
			fetch: browserFetch(emulator),
			privateKey: await importPrivateKeyPem(other.privateKeyPem),
			username: emulator.org.adminUser.Username
		});
		expect(result).toMatchObject({ ok: false, error: { code: 'AUTH_INVALID_GRANT', status: 400 } });
	});

	it('explains keys that are not PKCS#8', async () => {
		await expect(
			importPrivateKeyPem('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----')
		).rejects.toMatchObject({ error: { code: 'INVALID_INPUT', field: 'privateKey' } });
		await expect(importPrivateKeyPem('hello')).rejects.toMatchObject({ error: { code: 'INVALID_INPUT' } });
	});
});

describe('client credentials, refresh token, password, pasted token', () => {
	it('runs client credentials as the app user', async () => {
		const emulator = createTestEmulator();
		const fetch = browserFetch(emulator);
		const tokens = unwrap(
			await signInWithClientCredentials({
				credential: credentialOf(TEST_CLIENTS.server),
				fetch,
				clientSecret: TEST_CLIENT_SECRET
			})
		);
		expect(tokens.refreshToken).toBeNull();
		expect(await apiStatus(fetch, tokens)).toBe(200);
		const wrong = await signInWithClientCredentials({
			credential: credentialOf(TEST_CLIENTS.server),
			fetch,
			clientSecret: 'x'
		});
		expect(wrong).toMatchObject({ ok: false, error: { code: 'AUTH_CONFIG' } });
	});

	it('refreshes with rotation: a new refresh token, the old one refused', async () => {
		const emulator = createTestEmulator({ rotate: true });
		const fetch = browserFetch(emulator);
		const grant = emulator.sessions.issueRefresh({
			userId: emulator.org.adminUser.Id,
			clientId: TEST_CLIENTS.pkce,
			scope: 'api refresh_token'
		});
		const first = unwrap(
			await refreshAccessToken({
				credential: credentialOf(TEST_CLIENTS.pkce),
				fetch,
				refreshToken: grant.refreshToken
			})
		);
		expect(first.refreshToken).not.toBe(grant.refreshToken);
		expect(await apiStatus(fetch, first)).toBe(200);
		const replay = await refreshAccessToken({
			credential: credentialOf(TEST_CLIENTS.pkce),
			fetch,
			refreshToken: grant.refreshToken
		});
		expect(replay).toMatchObject({ ok: false, error: { code: 'AUTH_INVALID_GRANT' } });
	});

	it('refreshes without rotation and keeps the refresh token it had', async () => {
		const emulator = createTestEmulator({ rotate: false });
		const fetch = browserFetch(emulator);
		const grant = emulator.sessions.issueRefresh({
			userId: emulator.org.adminUser.Id,
			clientId: TEST_CLIENTS.server,
			scope: 'api refresh_token'
		});
		const input = {
			credential: credentialOf(TEST_CLIENTS.server),
			fetch,
			refreshToken: grant.refreshToken,
			clientSecret: TEST_CLIENT_SECRET
		};
		const first = unwrap(await refreshAccessToken(input));
		expect(first.refreshToken).toBe(grant.refreshToken);
		expect(unwrap(await refreshAccessToken(input)).accessToken).not.toBe(first.accessToken);
	});

	it('uses the legacy password flow only where the org allows it', async () => {
		const input = (emulator: ReturnType<typeof createTestEmulator>) => ({
			credential: credentialOf(TEST_CLIENTS.server),
			fetch: browserFetch(emulator),
			clientSecret: TEST_CLIENT_SECRET,
			username: emulator.org.adminUser.Username,
			password: emulator.options.userPassword,
			securityToken: emulator.options.securityToken
		});
		const blocked = createTestEmulator();
		expect(await signInWithPassword(input(blocked))).toMatchObject({
			ok: false,
			error: { code: 'AUTH_INVALID_GRANT' }
		});
		const allowed = createTestEmulator({ allowPasswordFlow: true });
		const tokens = unwrap(await signInWithPassword(input(allowed)));
		expect(tokens.userId).toBe(allowed.org.adminUser.Id);
		expect(await signInWithPassword({ ...input(allowed), securityToken: '' })).toMatchObject({ ok: false });
	});

	it('accepts a pasted access token of the right shape only', async () => {
		const emulator = createTestEmulator();
		const tokens = unwrap(
			useAccessToken({ accessToken: ` ${emulator.adminToken} `, instanceUrl: `${DEMO_INSTANCE_URL}/` })
		);
		expect(tokens.instanceUrl).toBe(DEMO_INSTANCE_URL);
		expect(await apiStatus(browserFetch(emulator), tokens)).toBe(200);
		expect(useAccessToken({ accessToken: 'hello', instanceUrl: DEMO_INSTANCE_URL })).toMatchObject({
			ok: false,
			error: { field: 'accessToken' }
		});
		expect(
			useAccessToken({ accessToken: emulator.adminToken, instanceUrl: 'http://acme.example' })
		).toMatchObject({
			ok: false,
			error: { field: 'instanceUrl' }
		});
	});
});

describe('revoke', () => {
	it('revokes a refresh token and the next API call answers 401', async () => {
		const emulator = createTestEmulator();
		const fetch = browserFetch(emulator);
		const grant = emulator.sessions.issueRefresh({
			userId: emulator.org.adminUser.Id,
			clientId: TEST_CLIENTS.pkce,
			scope: 'api refresh_token'
		});
		const tokens = unwrap(
			await refreshAccessToken({
				credential: credentialOf(TEST_CLIENTS.pkce),
				fetch,
				refreshToken: grant.refreshToken
			})
		);
		expect(await apiStatus(fetch, tokens)).toBe(200);
		unwrap(
			await revokeToken({
				credential: credentialOf(TEST_CLIENTS.pkce),
				fetch,
				token: tokens.refreshToken ?? ''
			})
		);
		expect(await apiStatus(fetch, tokens)).toBe(401);
		const again = await revokeToken({
			credential: credentialOf(TEST_CLIENTS.pkce),
			fetch,
			token: tokens.refreshToken ?? ''
		});
		expect(again).toMatchObject({
			ok: false,
			error: { code: 'AUTH_TOKEN_ENDPOINT', detail: { error: 'invalid_token' } }
		});
	});
});

describe('token calls the browser cannot make (Q9)', () => {
	it('refuses the generic login hosts before sending anything', async () => {
		const emulator = createTestEmulator();
		const fetch = browserFetch(emulator);
		for (const loginHost of [{ kind: 'production' }, { kind: 'sandbox' }] as LoginHost[]) {
			const result = await signInWithClientCredentials({
				credential: { id: 'c', clientId: 'x', loginHost },
				fetch,
				clientSecret: 's'
			});
			expect(result).toMatchObject({ ok: false, error: { code: 'AUTH_NEEDS_MY_DOMAIN' } });
		}
		expect(fetch.requests).toHaveLength(0);
	});

	it('turns an opaque failure of a call to login.salesforce.com into the My Domain advice', async () => {
		const error = authError(new TypeError('Failed to fetch'), 'https://login.salesforce.com', 'token');
		expect(error.code).toBe('AUTH_NEEDS_MY_DOMAIN');
		expect(error.message).toContain('My Domain');
		expect(error.message).toContain('Enable CORS for OAuth endpoints');
	});
});
