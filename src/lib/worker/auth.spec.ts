import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPairPem } from '../auth/jwt-key';
import {
	createTestEmulator,
	submitLoginForm,
	TEST_CLIENT_SECRET,
	TEST_CLIENTS,
	TEST_REDIRECT_URI
} from '../auth/testing';
import { DEMO_INSTANCE_URL } from '../emulator';
import { createDatabase, type ConnectorDatabase } from '../store/db';
import { apiStatus, credential, databaseText, signInWithPkce, unwrap, workerOf } from './testing';

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
