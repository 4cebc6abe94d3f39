/**
 * A real-org sync end to end (issue 4's acceptance): an access-token credential on the emulator over HTTP,
 * a connector on it, and a 20,000-user run in the worker whose stored counts match the org's COUNT(); then a
 * renewable credential meeting one 401 (one refresh, no duplicates, Q6) and two in a row (paused, Q7).
 */
import type { Page } from '@playwright/test';
import { EMULATOR_TOKEN, EMULATOR_URL } from '../../playwright.config';
import { DEFAULT_CONFIDENTIAL_CLIENT_ID, DEFAULT_CONFIDENTIAL_CLIENT_SECRET } from '../../src/lib/emulator';
import { expect, test } from './fixtures';
import { demoConnector, putConnector } from './runs-support';

/** The org's number of users, asked with SOQL COUNT(). */
async function countUsers(): Promise<number> {
	const query = encodeURIComponent('SELECT COUNT() FROM User');
	const response = await fetch(`${EMULATOR_URL}/services/data/v66.0/query?q=${query}`, {
		headers: { Authorization: `Bearer ${EMULATOR_TOKEN}` }
	});
	return ((await response.json()) as { totalSize: number }).totalSize;
}

/** A fresh admin access token from the test server's control API (shaped like Salesforce's). */
async function issueAdminToken(): Promise<string> {
	const response = await fetch(`${EMULATOR_URL}/__emulator/token`, { method: 'POST', body: '{}' });
	return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Writes a connector over the whole User object, signed in with `credentialId`, into the app's database. */
/** Stores the sync connector; `retrieval` forces a path (Q6/Q7 follow one cursor's requests). */
function putSyncConnector(
	page: Page,
	id: string,
	name: string,
	credentialId: string,
	retrieval?: 'rest'
): Promise<void> {
	return putConnector(
		page,
		demoConnector(id, {
			name,
			...(retrieval ? { retrieval } : {}),
			nqlId: id.replace(/-/g, '_'),
			credentialId,
			soql: 'SELECT Id, Username, Email, Title, Department FROM User',
			mapping: {
				identifier: { expression: 'Username', kind: 'email' },
				fields: [
					{ source: 'Email', target: 'email_address', description: '' },
					{ source: 'Title', target: 'job_title', description: '' },
					{ source: 'Department', target: 'department', description: '' }
				]
			}
		})
	);
}

/** Starts a connector from the Connectors page (client-side navigation keeps the tab's worker and its session). */
async function runFromConnectors(page: Page, name: string): Promise<string> {
	await page.getByRole('link', { name: 'Connectors', exact: true }).click();
	await page
		.getByRole('row', { name: new RegExp(name) })
		.getByRole('button', { name: 'Run now' })
		.click();
	await page.waitForURL(/\/runs\/[0-9a-f-]+$/);
	return page.url().split('/').pop() ?? '';
}

/** The run's log and the number of rows stored in its result chunks. */
async function storedRun(page: Page, runId: string) {
	return page.evaluate(async (id) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('salesforce-user-connector');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const read = <T>(store: string, query: IDBValidKey | IDBKeyRange) =>
			new Promise<T>((resolve, reject) => {
				const request = db.transaction(store).objectStore(store).getAll(query);
				request.onsuccess = () => resolve(request.result as T);
				request.onerror = () => reject(request.error);
			});
		const [run] = await read<
			{ status: string; receivedRows: number; processedRows: number; skipped: number; duplicates: number }[]
		>('runs', id);
		// A stored chunk holds one array per user, its Id first (store/chunk-packing.ts).
		const chunks = await read<{ cells: [string, ...unknown[]][] }[]>(
			'chunks',
			IDBKeyRange.bound([id, -Infinity], [id, Infinity])
		);
		db.close();
		const ids = chunks.flatMap((chunk) => chunk.cells.map((cell) => cell[0]));
		return { run, rows: ids.length, distinctIds: new Set(ids).size };
	}, runId);
}

/** Creates a credential through the form and signs it in with what its kind needs. */
async function signedInCredential(
	page: Page,
	label: string,
	kind: 'access_token' | 'client_credentials',
	fill: (page: Page) => Promise<void>
): Promise<string> {
	await page.goto('/credentials?new');
	await page.getByLabel('Name', { exact: true }).fill(label);
	await page.getByLabel('Kind', { exact: true }).selectOption(kind);
	if (kind === 'client_credentials') {
		await page.getByLabel('My Domain address').fill(EMULATOR_URL);
		await page.getByLabel('Consumer key (client id)').fill(DEFAULT_CONFIDENTIAL_CLIENT_ID);
	}
	await page.getByRole('button', { name: 'Save credential' }).click();
	await expect(page).toHaveURL(/\/credentials\?id=/);
	const credentialId = new URL(page.url()).searchParams.get('id') ?? '';
	await expect(page.getByTestId('session-state')).toHaveText('Not signed in.');
	await fill(page);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page.getByTestId('session-state')).toContainText('Signed in');
	return credentialId;
}

/** Sets fault rules on the emulator through its control API (an empty list clears them). */
async function setFaults(rules: unknown[]): Promise<void> {
	await fetch(`${EMULATOR_URL}/__emulator/faults`, { method: 'DELETE' });
	if (rules.length > 0)
		await fetch(`${EMULATOR_URL}/__emulator/faults`, { method: 'POST', body: JSON.stringify(rules) });
}

test.afterEach(async () => {
	await setFaults([]);
});

test('a 20,000-user sync from a signed-in org: progress on the run page, stored counts equal COUNT()', async ({
	page,
	problems
}) => {
	const total = await countUsers();
	expect(total).toBeGreaterThanOrEqual(20_000);
	const credentialId = await signedInCredential(page, 'Emulator org', 'access_token', async (form) => {
		await form.getByLabel('Access token').fill(await issueAdminToken());
		await form.getByLabel('Instance URL').fill(EMULATOR_URL);
	});
	await putSyncConnector(page, 'real-org', 'Real org users', credentialId);
	const runId = await runFromConnectors(page, 'Real org users');
	await expect(page.getByTestId('run-received')).toContainText(`/ ${total.toLocaleString('en-US')} received`);
	await expect(page.getByTestId('run-status')).toHaveText('Success', { timeout: 120_000 });
	await expect(page.getByTestId('run-received')).toContainText(
		`${total.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} received`
	);
	const stored = await storedRun(page, runId);
	expect(stored.run.receivedRows).toBe(total);
	expect(stored.rows).toBe(stored.run.processedRows);
	expect(stored.distinctIds).toBe(stored.rows);
	expect(stored.run.processedRows + stored.run.skipped + stored.run.duplicates).toBe(total);
	expect(problems.consoleErrors).toEqual([]);
});

test('Q6 and Q7: one 401 mid-run → one renewal and a complete run; two in a row → paused, sign in again', async ({
	page,
	context
}) => {
	const total = await countUsers();
	const renewals: string[] = [];
	context.on('request', (request) => {
		if (request.url().endsWith('/services/oauth2/token')) renewals.push(request.postData() ?? '');
	});
	const credentialId = await signedInCredential(page, 'Server app', 'client_credentials', async (form) => {
		await form.getByLabel('Consumer secret').fill(DEFAULT_CONFIDENTIAL_CLIENT_SECRET);
	});
	expect(renewals).toHaveLength(1);
	await putSyncConnector(page, 'renewing', 'Renewing users', credentialId, 'rest');

	await setFaults([{ fault: { kind: 'unauthorized', expireSessions: true }, on: 'page', from: 3, times: 1 }]);
	const runId = await runFromConnectors(page, 'Renewing users');
	await expect(page.getByTestId('run-status')).toHaveText('Success', { timeout: 120_000 });
	expect(renewals).toHaveLength(2);
	const stored = await storedRun(page, runId);
	expect(stored.run.receivedRows).toBe(total);
	expect(stored.distinctIds).toBe(stored.rows);

	await setFaults([{ fault: { kind: 'unauthorized' }, on: 'page', from: 2, times: 2 }]);
	const pausedId = await runFromConnectors(page, 'Renewing users');
	await expect(page.getByTestId('run-status')).toHaveText('Paused', { timeout: 60_000 });
	await expect(page.getByTestId('run-description')).toContainText('Sign in again');
	expect(renewals).toHaveLength(3);
	const paused = await storedRun(page, pausedId);
	expect(paused.run.status).toBe('paused');
});
