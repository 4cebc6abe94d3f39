/**
 * A real-org sync end to end (issue 4's acceptance): an access-token credential on the emulator over HTTP,
 * a connector on it, and a 20,000-user run in the worker whose stored counts match the org's COUNT().
 */
import { EMULATOR_TOKEN, EMULATOR_URL } from '../../playwright.config';
import { expect, test } from './fixtures';

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

test('a 20,000-user sync from a signed-in org: progress on the run page, stored counts equal COUNT()', async ({
	page,
	problems
}) => {
	const total = await countUsers();
	expect(total).toBeGreaterThanOrEqual(20_000);

	await page.goto('/credentials?new');
	await page.getByLabel('Name', { exact: true }).fill('Emulator org');
	await page.getByLabel('Kind', { exact: true }).selectOption('access_token');
	await page.getByRole('button', { name: 'Save credential' }).click();
	await expect(page).toHaveURL(/\/credentials\?id=/);
	const credentialId = new URL(page.url()).searchParams.get('id') ?? '';
	await expect(page.getByTestId('session-state')).toHaveText('Not signed in.');
	await page.getByLabel('Access token').fill(await issueAdminToken());
	await page.getByLabel('Instance URL').fill(EMULATOR_URL);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page.getByTestId('session-state')).toContainText('Signed in');

	const now = Date.now();
	await page.evaluate(
		async (record) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open('salesforce-user-connector');
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			await new Promise<void>((resolve, reject) => {
				const transaction = db.transaction('connectors', 'readwrite');
				transaction.objectStore('connectors').put(record);
				transaction.oncomplete = () => resolve();
				transaction.onerror = () => reject(transaction.error);
			});
			db.close();
		},
		{
			id: 'real-org',
			name: 'Real org users',
			nqlId: 'real_org_users',
			description: '',
			template: 'Custom',
			schedule: { kind: 'manual' },
			active: true,
			credentialId,
			soql: 'SELECT Id, Username, Email, Title, Department FROM User',
			userStatus: 'all',
			companyDomains: ['*'],
			batchSize: 2000,
			includeDeleted: false,
			mapping: {
				identifier: { expression: 'Username', kind: 'email' },
				fields: [
					{ source: 'Email', target: 'email_address', description: '' },
					{ source: 'Title', target: 'job_title', description: '' },
					{ source: 'Department', target: 'department', description: '' }
				]
			},
			createdAt: now,
			updatedAt: now
		}
	);

	// Client-side navigation keeps this tab's worker, which holds the session.
	await page.getByRole('link', { name: 'Connectors', exact: true }).click();
	await page
		.getByRole('row', { name: /Real org users/ })
		.getByRole('button', { name: 'Run now' })
		.click();
	await page.waitForURL(/\/runs\/[0-9a-f-]+$/);
	const runId = page.url().split('/').pop() ?? '';
	await expect(page.getByTestId('run-received')).toContainText(`/ ${total.toLocaleString('en-US')} received`);
	await expect(page.getByTestId('run-status')).toHaveText('Success', { timeout: 120_000 });
	await expect(page.getByTestId('run-received')).toContainText(
		`${total.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} received`
	);

	const stored = await page.evaluate(async (id) => {
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
			{ receivedRows: number; processedRows: number; skipped: number; duplicates: number }[]
		>('runs', id);
		const chunks = await read<{ rows: unknown[] }[]>(
			'chunks',
			IDBKeyRange.bound([id, -Infinity], [id, Infinity])
		);
		db.close();
		return { run, rows: chunks.reduce((sum, chunk) => sum + chunk.rows.length, 0) };
	}, runId);
	expect(stored.run.receivedRows).toBe(total);
	expect(stored.rows).toBe(stored.run.processedRows);
	expect(stored.run.processedRows + stored.run.skipped + stored.run.duplicates).toBe(total);
	expect(problems.consoleErrors).toEqual([]);
});
