/**
 * Test support for the worker's sign-in surface: a credential on the test org, one tab's worker with
 * its own custody, and sign-in and inspection helpers.
 */
import {
	browserFetch,
	createFakeChannelHub,
	createFakeLocks,
	submitLoginForm,
	TEST_CLIENTS,
	TEST_REDIRECT_URI
} from '../auth/testing';
import { SessionCustody } from '../auth/custody';
import type { Result } from '../core/errors';
import type { Credential } from '../core/model';
import { DEMO_INSTANCE_URL, type Emulator } from '../emulator';
import { type ConnectorDatabase } from '../store/db';
import { createAuthApi } from './auth';

/** The value of a Result, or a thrown Error naming its code. */
export function unwrap<T>(result: Result<T>): T {
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
	return result.value;
}

/** A PKCE credential on the test org; `overrides` replace whole fields. */
export function credential(overrides: Partial<Credential> = {}): Credential {
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
export function workerOf(
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

/** Signs in through the login page and completes the callback. */
export async function signInWithPkce(
	emulator: Emulator,
	api: ReturnType<typeof createAuthApi>,
	id = 'cred-1'
) {
	const { url } = unwrap(await api.beginSignIn(id, TEST_REDIRECT_URI));
	const callback = await submitLoginForm(emulator, url, {
		username: emulator.org.adminUser.Username,
		password: emulator.options.userPassword
	});
	return { callback, result: await api.completeSignIn(callback) };
}

/** The status of an API call made with a token. */
export async function apiStatus(emulator: Emulator, token: string): Promise<number> {
	const response = await emulator.handle(
		new Request(`${DEMO_INSTANCE_URL}/services/data/v66.0/limits`, {
			headers: { Authorization: `Bearer ${token}` }
		})
	);
	return response.status;
}

/** Every table of the database as one text, binary values included, to search for tokens. */
export async function databaseText(db: ConnectorDatabase): Promise<string> {
	const tables = await Promise.all(db.tables.map((table) => table.toArray()));
	return JSON.stringify(tables, (_key, value) =>
		value instanceof ArrayBuffer || ArrayBuffer.isView(value)
			? Buffer.from(value as ArrayBuffer).toString('latin1')
			: value
	);
}
