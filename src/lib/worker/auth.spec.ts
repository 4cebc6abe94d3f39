import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPairPem } from '../auth/jwt-key';
import {
	browserFetch,
	createFakeChannelHub,
	createFakeLocks,
	createTestEmulator,
	submitLoginForm,
	TEST_CLIENT_SECRET,
	TEST_CLIENTS,
	TEST_REDIRECT_URI
} from '../auth/testing';
import { SessionCustody } from '../auth/custody';
import type { Result } from '../core/errors';
import type { Credential } from '../core/model';
import { DEMO_INSTANCE_URL, type Emulator } from '../emulator';
import { createDatabase, type ConnectorDatabase } from '../store/db';
import { createAuthApi } from './auth';

function unwrap<T>(result: Result<T>): T {
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
	return result.value;
}

function credential(overrides: Partial<Credential> = {}): Credential {
	return {
		id: 'cred-1',
		label: 'Acme',
		kind: 'pkce',
		loginHost: { kind: 'mydomain', url: DEMO_INSTANCE_URL },
		clientId: TEST_CLIENTS.pkce,
		username: '',
		apiVersion: null,
		instanceUrl: null,
		orgId: null,
		userId: null,
		remember: false,
		createdAt: 1,
		updatedAt: 1,
		...overrides
	};
}

/** One tab's worker: its own custody over the shared database and the shared channel. */
function workerOf(
	emulator: Emulator,
	db: ConnectorDatabase,
	hub = createFakeChannelHub(),
	locks = createFakeLocks()
) {
	const fetch = browserFetch(emulator);
	const custody = new SessionCustody({
		database: () => db,
		fetch,
		channel: hub.open(),
		peerWaitMs: 50,
		locks
	});
	return { api: createAuthApi({ database: () => db, fetch, custody }), vault: custody.vault, custody, fetch };
}

async function signInWithPkce(emulator: Emulator, api: ReturnType<typeof createAuthApi>, id = 'cred-1') {
	const { url } = unwrap(await api.beginSignIn(id, TEST_REDIRECT_URI));
	const callback = await submitLoginForm(emulator, url, {
		username: emulator.org.adminUser.Username,
		password: emulator.options.userPassword
	});
	return { callback, result: await api.completeSignIn(callback) };
}

async function apiStatus(emulator: Emulator, token: string): Promise<number> {
	const response = await emulator.handle(
		new Request(`${DEMO_INSTANCE_URL}/services/data/v66.0/limits`, {
			headers: { Authorization: `Bearer ${token}` }
		})
	);
	return response.status;
}

async function databaseText(db: ConnectorDatabase): Promise<string> {
	const tables = await Promise.all(db.tables.map((table) => table.toArray()));
	return JSON.stringify(tables, (_key, value) =>
		value instanceof ArrayBuffer || ArrayBuffer.isView(value)
			? Buffer.from(value as ArrayBuffer).toString('latin1')
			: value
	);
}

let db: ConnectorDatabase;

beforeEach(() => {
	db = createDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
});

describe('authorization code + PKCE', () => {
	it('signs in through the login page, records the org and deletes the verifier', async () => {
		const emulator = createTestEmulator();
		await db.credentials.put(credential());
		const { api, vault } = workerOf(emulator, db);
		const { url } = unwrap(await api.beginSignIn('cred-1', TEST_REDIRECT_URI));
		expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
		expect(await db.pendingAuth.count()).toBe(1);
		const callback = await submitLoginForm(emulator, url, {
			username: emulator.org.adminUser.Username,
			password: emulator.options.userPassword
		});
		expect(unwrap(await api.completeSignIn(callback))).toEqual({ credentialId: 'cred-1' });

		expect(JSON.stringify(await db.pendingAuth.toArray())).not.toMatch(/codeVerifier/);
		const stored = await db.credentials.get('cred-1');
		expect(stored).toMatchObject({
			orgId: emulator.org.orgId,
			userId: emulator.org.adminUser.Id,
			instanceUrl: DEMO_INSTANCE_URL,
			apiVersion: '66.0'
		});
		const status = unwrap(await api.credentialStatus('cred-1'));
		expect(status).toMatchObject({ signedIn: true, orgId: emulator.org.orgId, remembered: false });
		expect(status.username).toBe(emulator.org.adminUser.Username);
		const token = vault.tokens('cred-1')?.accessToken ?? '';
		expect(JSON.stringify(status)).not.toContain(token);
		expect(await databaseText(db)).not.toContain(token);

		const report = unwrap(await api.testConnection('cred-1'));
		expect(report.ok).toBe(true);
		expect(report.steps.map((step) => step.status)).toEqual([200, 200, 200, 200]);

		const reload = await api.completeSignIn(callback);
		expect(reload).toMatchObject({ ok: false, error: { code: 'AUTH_INVALID_GRANT' } });
	});

	it('renews an expired session once when the connection test meets it', async () => {
		const emulator = createTestEmulator();
		await db.credentials.put(credential());
		const { api, fetch } = workerOf(emulator, db);
		unwrap((await signInWithPkce(emulator, api)).result);
		emulator.sessions.expireAccessTokens();
		const before = fetch.count('/services/oauth2/token');
		expect(unwrap(await api.testConnection('cred-1')).ok).toBe(true);
		expect(fetch.count('/services/oauth2/token')).toBe(before + 1);
	});

	it('refuses a callback that was not started here (Q1)', async () => {
		const emulator = createTestEmulator();
		await db.credentials.put(credential());
		const { api } = workerOf(emulator, db);
		const forged = `${TEST_REDIRECT_URI}?code=aPrxforged&state=not-mine`;
		expect(await api.completeSignIn(forged)).toMatchObject({
			ok: false,
			error: { code: 'AUTH_STATE_MISMATCH' }
		});
	});

	it('asks for the My Domain when the login host is login.salesforce.com (Q9)', async () => {
		const emulator = createTestEmulator();
		await db.credentials.put(credential({ loginHost: { kind: 'production' } }));
		const { api } = workerOf(emulator, db);
		expect(await api.beginSignIn('cred-1', TEST_REDIRECT_URI)).toMatchObject({
			ok: false,
			error: { code: 'AUTH_NEEDS_MY_DOMAIN' }
		});
	});
});

describe('the other grants', () => {
	it('signs in with JWT bearer and renews by signing a new assertion', async () => {
		const { privateKeyPem, publicKeyPem } = await generateKeyPairPem();
		const emulator = createTestEmulator({ certificatePem: publicKeyPem });
		await db.credentials.put(
			credential({ kind: 'jwt', clientId: TEST_CLIENTS.jwt, username: emulator.org.adminUser.Username })
		);
		const { api, vault } = workerOf(emulator, db);
		expect(unwrap(await api.signIn('cred-1', { privateKeyPem })).signedIn).toBe(true);
		const first = vault.tokens('cred-1')?.accessToken ?? '';
		const renewed = await vault.refresh('cred-1', first);
		expect(renewed).not.toBe(first);
		expect(await apiStatus(emulator, renewed)).toBe(200);
	});

	it('signs in with client credentials, and signing out revokes the session', async () => {
		const emulator = createTestEmulator();
		await db.credentials.put(credential({ kind: 'client_credentials', clientId: TEST_CLIENTS.server }));
		const { api, vault } = workerOf(emulator, db);
		expect(await api.signIn('cred-1', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
		unwrap(await api.signIn('cred-1', { clientSecret: TEST_CLIENT_SECRET }));
		const token = vault.tokens('cred-1')?.accessToken ?? '';
		expect(await apiStatus(emulator, token)).toBe(200);
		unwrap(await api.signOut('cred-1'));
		expect(await apiStatus(emulator, token)).toBe(401);
		expect(unwrap(await api.credentialStatus('cred-1')).signedIn).toBe(false);
	});

	it('signs in with a pasted refresh token and with username, password and security token', async () => {
		const emulator = createTestEmulator({ allowPasswordFlow: true });
		const grant = emulator.sessions.issueRefresh({
			userId: emulator.org.adminUser.Id,
			clientId: TEST_CLIENTS.server,
			scope: 'api refresh_token'
		});
		await db.credentials.bulkPut([
			credential({ kind: 'refresh_token', clientId: TEST_CLIENTS.server }),
			credential({
				id: 'cred-2',
				kind: 'password',
				clientId: TEST_CLIENTS.server,
				username: emulator.org.adminUser.Username
			})
		]);
		const { api } = workerOf(emulator, db);
		const refreshed = await api.signIn('cred-1', {
			refreshToken: grant.refreshToken,
			clientSecret: TEST_CLIENT_SECRET
		});
		expect(unwrap(refreshed).signedIn).toBe(true);
		const password = await api.signIn('cred-2', {
			clientSecret: TEST_CLIENT_SECRET,
			password: emulator.options.userPassword,
			securityToken: emulator.options.securityToken
		});
		expect(unwrap(password).userId).toBe(emulator.org.adminUser.Id);
	});

	it('uses a pasted access token and records the org from the identity call', async () => {
		const emulator = createTestEmulator();
		await db.credentials.put(credential({ kind: 'access_token', clientId: '' }));
		const { api } = workerOf(emulator, db);
		const status = unwrap(
			await api.signIn('cred-1', { accessToken: emulator.adminToken, instanceUrl: DEMO_INSTANCE_URL })
		);
		expect(status).toMatchObject({
			signedIn: true,
			orgId: emulator.org.orgId,
			userId: emulator.org.adminUser.Id
		});
		expect(unwrap(await api.testConnection('cred-1')).ok).toBe(true);
	});

	it('refuses to sign in the built-in demo org', async () => {
		const emulator = createTestEmulator();
		await db.credentials.put(credential({ id: 'demo', kind: 'demo', loginHost: { kind: 'demo' } }));
		const { api } = workerOf(emulator, db);
		expect(await api.signIn('demo', {})).toMatchObject({ ok: false, error: { code: 'AUTH_CONFIG' } });
	});
});

describe('remember on this device', () => {
	it('seals the refresh token, restores the session in a new worker and re-seals rotated tokens', async () => {
		const emulator = createTestEmulator({ rotate: true });
		await db.credentials.put(credential({ remember: true }));
		const first = workerOf(emulator, db);
		unwrap((await signInWithPkce(emulator, first.api)).result);
		const refreshToken = first.vault.tokens('cred-1')?.refreshToken ?? '';
		expect(refreshToken).not.toBe('');
		expect(await db.secrets.count()).toBe(1);
		expect(await databaseText(db)).not.toContain(refreshToken);
		expect(unwrap(await first.api.credentialStatus('cred-1')).remembered).toBe(true);
		first.vault.forget('cred-1');

		const second = workerOf(emulator, db);
		expect(await second.custody.restore()).toEqual(['cred-1']);
		const rotated = second.vault.tokens('cred-1')?.refreshToken ?? '';
		expect(rotated).not.toBe(refreshToken);
		expect(await apiStatus(emulator, second.vault.tokens('cred-1')?.accessToken ?? '')).toBe(200);
		second.vault.forget('cred-1');

		const third = workerOf(emulator, db);
		expect(await third.custody.restore()).toEqual(['cred-1']);

		unwrap(await third.api.setRemember('cred-1', false));
		expect(await db.secrets.count()).toBe(0);
	});

	it('restores once when two workers start together: the second takes the first one’s session', async () => {
		const emulator = createTestEmulator({ rotate: true });
		await db.credentials.put(credential({ remember: true }));
		const hub = createFakeChannelHub();
		const locks = createFakeLocks();
		const first = workerOf(emulator, db, hub, locks);
		unwrap((await signInWithPkce(emulator, first.api)).result);
		first.vault.forget('cred-1');
		first.vault.close();

		const tabA = workerOf(emulator, db, hub, locks);
		const tabB = workerOf(emulator, db, hub, locks);
		const before = tabA.fetch.count('/services/oauth2/token') + tabB.fetch.count('/services/oauth2/token');
		await Promise.all([tabA.custody.restore(), tabB.custody.restore()]);
		const after = tabA.fetch.count('/services/oauth2/token') + tabB.fetch.count('/services/oauth2/token');
		expect(after - before).toBe(1);
		expect(tabA.vault.tokens('cred-1')?.accessToken).toBe(tabB.vault.tokens('cred-1')?.accessToken);
		expect(await apiStatus(emulator, tabB.vault.tokens('cred-1')?.accessToken ?? '')).toBe(200);
	});

	it('restores a JWT credential from its sealed private key', async () => {
		const { privateKeyPem, publicKeyPem } = await generateKeyPairPem();
		const emulator = createTestEmulator({ certificatePem: publicKeyPem });
		await db.credentials.put(
			credential({
				kind: 'jwt',
				clientId: TEST_CLIENTS.jwt,
				username: emulator.org.adminUser.Username,
				remember: true
			})
		);
		const first = workerOf(emulator, db);
		unwrap(await first.api.signIn('cred-1', { privateKeyPem }));
		expect(await databaseText(db)).not.toContain(privateKeyPem.split('\n')[1]);
		const second = workerOf(emulator, db);
		expect(await second.custody.restore()).toEqual(['cred-1']);
	});

	it('keeps nothing when remember is off', async () => {
		const emulator = createTestEmulator();
		await db.credentials.put(credential());
		const first = workerOf(emulator, db);
		unwrap((await signInWithPkce(emulator, first.api)).result);
		expect(await db.secrets.count()).toBe(0);
		first.vault.forget('cred-1');
		expect(await workerOf(emulator, db).custody.restore()).toEqual([]);
	});
});

describe('sessions shared between tabs', () => {
	it('lets a new tab’s worker use a session signed in in another tab, and sign-out ends it in both', async () => {
		const emulator = createTestEmulator();
		await db.credentials.put(credential());
		const hub = createFakeChannelHub();
		const locks = createFakeLocks();
		const tabA = workerOf(emulator, db, hub, locks);
		unwrap((await signInWithPkce(emulator, tabA.api)).result);
		const tabB = workerOf(emulator, db, hub, locks);
		expect(tabB.vault.has('cred-1')).toBe(false);
		const session = await tabB.custody.session('cred-1');
		expect(session.accessToken).toBe(tabA.vault.tokens('cred-1')?.accessToken);
		expect(unwrap(await tabB.api.testConnection('cred-1')).ok).toBe(true);
		expect(unwrap(await tabB.api.credentialStatus('cred-1')).username).toBe(emulator.org.adminUser.Username);

		const renewed = await tabB.custody.refresh('cred-1', session.accessToken);
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(tabA.vault.tokens('cred-1')?.accessToken).toBe(renewed);

		unwrap(await tabB.api.signOut('cred-1'));
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(tabA.vault.has('cred-1')).toBe(false);
		expect(await apiStatus(emulator, renewed)).toBe(401);
	});

	it('reports a credential nobody signed in as not signed in', async () => {
		const emulator = createTestEmulator();
		await db.credentials.put(credential());
		const { api, custody } = workerOf(emulator, db);
		expect(unwrap(await api.credentialStatus('cred-1')).signedIn).toBe(false);
		await expect(custody.session('cred-1')).rejects.toMatchObject({ error: { code: 'AUTH_SIGN_IN_AGAIN' } });
	});
});
