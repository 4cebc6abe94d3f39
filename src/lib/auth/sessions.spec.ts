import { describe, expect, it } from 'vitest';
import { DEMO_INSTANCE_URL } from '../emulator';
import { sessionHandlers, type KindCredential } from './kinds';
import {
	browserFetch,
	createFakeChannelHub,
	createFakeLocks,
	createTestEmulator,
	TEST_CLIENTS
} from './testing';
import type { TokenSet } from './tokens';
import { TokenVault } from './sessions';

const credential: KindCredential = {
	id: 'cred-1',
	kind: 'pkce',
	clientId: TEST_CLIENTS.pkce,
	loginHost: { kind: 'mydomain', url: DEMO_INSTANCE_URL },
	username: '',
	instanceUrl: null,
	remember: false
};
const TOKEN_PATH = '/services/oauth2/token';

/** An org with rotation on and a signed-in session (access + refresh token). */
function signedInOrg() {
	const emulator = createTestEmulator({ rotate: true });
	const fetch = browserFetch(emulator);
	const userId = emulator.org.adminUser.Id;
	const grant = emulator.sessions.issueRefresh({
		userId,
		clientId: TEST_CLIENTS.pkce,
		scope: 'api refresh_token'
	});
	const session = emulator.sessions.issue({
		userId,
		clientId: TEST_CLIENTS.pkce,
		scope: 'api',
		refreshToken: grant.refreshToken
	});
	const tokens: TokenSet = {
		accessToken: session.accessToken,
		refreshToken: grant.refreshToken,
		instanceUrl: DEMO_INSTANCE_URL,
		issuedAt: session.issuedAt,
		identityUrl: null,
		orgId: emulator.org.orgId,
		userId,
		scope: 'api refresh_token'
	};
	return { emulator, fetch, tokens };
}

async function apiStatus(fetch: ReturnType<typeof browserFetch>, accessToken: string): Promise<number> {
	const response = await fetch(
		new Request(`${DEMO_INSTANCE_URL}/services/data/v66.0/limits`, {
			headers: { Authorization: `Bearer ${accessToken}` }
		})
	);
	return response.status;
}

describe('TokenVault in one tab', () => {
	it('shares one refresh among concurrent callers (Q6)', async () => {
		const { fetch, tokens } = signedInOrg();
		const vault = new TokenVault();
		vault.put(credential.id, tokens, sessionHandlers({ credential, fetch }));
		const fresh = await Promise.all([1, 2, 3].map(() => vault.refresh(credential.id, tokens.accessToken)));
		expect(new Set(fresh).size).toBe(1);
		expect(fresh[0]).not.toBe(tokens.accessToken);
		expect(fetch.count(TOKEN_PATH)).toBe(1);
		expect(vault.tokens(credential.id)?.accessToken).toBe(fresh[0]);
		expect(await apiStatus(fetch, fresh[0])).toBe(200);
		expect(await vault.refresh(credential.id, tokens.accessToken)).toBe(fresh[0]);
		expect(fetch.count(TOKEN_PATH)).toBe(1);
	});

	it('asks to sign in again when the refresh token is refused, after one attempt (Q7)', async () => {
		const { emulator, fetch, tokens } = signedInOrg();
		emulator.sessions.revokeAll();
		const vault = new TokenVault();
		vault.put(credential.id, tokens, sessionHandlers({ credential, fetch }));
		await expect(vault.refresh(credential.id, tokens.accessToken)).rejects.toMatchObject({
			error: { code: 'AUTH_SIGN_IN_AGAIN' }
		});
		expect(fetch.count(TOKEN_PATH)).toBe(1);
	});

	it('asks to sign in when it holds nothing for a credential', async () => {
		await expect(new TokenVault().refresh('nobody', 'stale')).rejects.toMatchObject({
			error: { code: 'AUTH_SIGN_IN_AGAIN' }
		});
	});

	it('gives the new tokens to the persistence hook', async () => {
		const { fetch, tokens } = signedInOrg();
		const seen: TokenSet[] = [];
		const vault = new TokenVault({ onTokens: (_id, next) => seen.push(next) });
		vault.put(credential.id, tokens, sessionHandlers({ credential, fetch }));
		await vault.refresh(credential.id, tokens.accessToken);
		expect(seen).toHaveLength(1);
		expect(seen[0].refreshToken).not.toBe(tokens.refreshToken);
	});
});

describe('TokenVault across tabs (Q8)', () => {
	function twoTabs(tokensA: TokenSet, tokensB: TokenSet, fetch: ReturnType<typeof browserFetch>) {
		const locks = createFakeLocks();
		const hub = createFakeChannelHub();
		const tabA = new TokenVault({ locks, channel: hub.open() });
		const tabB = new TokenVault({ locks, channel: hub.open() });
		tabA.put(credential.id, tokensA, sessionHandlers({ credential, fetch }));
		tabB.put(credential.id, tokensB, sessionHandlers({ credential, fetch }));
		return { tabA, tabB };
	}

	it('makes one refresh request when both tabs hit 401 at once, with rotation on', async () => {
		const { fetch, tokens } = signedInOrg();
		const { tabA, tabB } = twoTabs(tokens, tokens, fetch);
		const [fromA, fromB] = await Promise.all([
			tabA.refresh(credential.id, tokens.accessToken),
			tabB.refresh(credential.id, tokens.accessToken)
		]);
		expect(fetch.count(TOKEN_PATH)).toBe(1);
		expect(fromA).toBe(fromB);
		expect(tabB.tokens(credential.id)?.refreshToken).toBe(tabA.tokens(credential.id)?.refreshToken);
		expect(await apiStatus(fetch, fromB)).toBe(200);
		// Both tabs go on: the next refresh works from either tab with the rotated refresh token.
		const next = await tabB.refresh(credential.id, fromB);
		expect(await apiStatus(fetch, next)).toBe(200);
		expect(fetch.count(TOKEN_PATH)).toBe(2);
	});

	it('adopts another tab’s rotation even when the tabs held different access tokens', async () => {
		const { emulator, fetch, tokens } = signedInOrg();
		const second = emulator.sessions.issue({
			userId: tokens.userId ?? '',
			clientId: TEST_CLIENTS.pkce,
			scope: 'api',
			refreshToken: tokens.refreshToken
		});
		const { tabA, tabB } = twoTabs(tokens, { ...tokens, accessToken: second.accessToken }, fetch);
		const [fromA, fromB] = await Promise.all([
			tabA.refresh(credential.id, tokens.accessToken),
			tabB.refresh(credential.id, second.accessToken)
		]);
		expect(fetch.count(TOKEN_PATH)).toBe(1);
		expect(fromB).toBe(fromA);
	});

	it('takes the other tab’s tokens when their message arrives only after the lock', async () => {
		const { emulator, tokens } = signedInOrg();
		const hub = createFakeChannelHub({ held: true });
		let tokenCalls = 0;
		const fetch = browserFetch(emulator, (request) => {
			if (new URL(request.url).pathname === TOKEN_PATH && ++tokenCalls === 2) hub.flush();
			return null;
		});
		const locks = createFakeLocks();
		const tabA = new TokenVault({ locks, channel: hub.open() });
		const tabB = new TokenVault({ locks, channel: hub.open() });
		tabA.put(credential.id, tokens, sessionHandlers({ credential, fetch }));
		tabB.put(credential.id, tokens, sessionHandlers({ credential, fetch }));
		const [fromA, fromB] = await Promise.all([
			tabA.refresh(credential.id, tokens.accessToken),
			tabB.refresh(credential.id, tokens.accessToken)
		]);
		expect(fromB).toBe(fromA);
		expect(tokenCalls).toBe(2);
		expect(await apiStatus(fetch, fromB)).toBe(200);
	});

	it('signs out in every tab and revokes, so the next API call answers 401', async () => {
		const { fetch, tokens } = signedInOrg();
		const { tabA, tabB } = twoTabs(tokens, tokens, fetch);
		expect(await apiStatus(fetch, tokens.accessToken)).toBe(200);
		expect(await tabA.signOut(credential.id)).toEqual({ ok: true, value: undefined });
		await Promise.resolve();
		expect(tabA.has(credential.id)).toBe(false);
		expect(tabB.has(credential.id)).toBe(false);
		expect(fetch.count('/services/oauth2/revoke')).toBe(1);
		expect(await apiStatus(fetch, tokens.accessToken)).toBe(401);
	});
});
