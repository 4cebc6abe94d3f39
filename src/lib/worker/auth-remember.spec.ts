import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPairPem } from '../auth/jwt-key';
import { createFakeChannelHub, createFakeLocks, createTestEmulator, TEST_CLIENTS } from '../auth/testing';
import { createDatabase, type ConnectorDatabase } from '../store/db';
import { apiStatus, credential, databaseText, signInWithPkce, unwrap, workerOf } from './testing';

let db: ConnectorDatabase;

beforeEach(() => {
	db = createDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
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
