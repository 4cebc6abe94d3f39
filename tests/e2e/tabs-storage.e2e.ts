import { expect, test } from './fixtures';
import { demoConnector, putConnector, runNow, setDemoSize } from './runs-support';

test('two tabs start the same connector: one run; the other tab is told and shows it running (Q28)', async ({
	page,
	context
}) => {
	await setDemoSize(page, 100_000);
	await putConnector(page, demoConnector('twotabs', { name: 'Two tabs' }));
	await runNow(page, 'Two tabs');
	await expect(page.getByRole('button', { name: 'Cancel run' })).toBeVisible();

	const other = await context.newPage();
	await other.goto('/connectors');
	const row = other.getByRole('row', { name: /Two tabs/ });
	await expect(row.getByText('running', { exact: true })).toBeVisible();
	await row.getByRole('button', { name: 'Run now' }).click();
	await expect(other.getByRole('alert')).toContainText('already running');
	await expect(other).toHaveURL(/\/connectors$/);

	await page.getByRole('button', { name: 'Cancel run' }).click();
	await expect(page.getByText('Cancelled', { exact: false }).first()).toBeVisible({ timeout: 60_000 });
	const runs = await page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('salesforce-user-connector');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const all = await new Promise<{ connectorId: string }[]>((resolve, reject) => {
			const request = db.transaction('runs').objectStore('runs').getAll();
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		db.close();
		return all.filter((run) => run.connectorId === 'twotabs').length;
	});
	expect(runs).toBe(1);
});

test('storage that is not persisted shows a visible note, and nothing breaks (Q27)', async ({
	page,
	problems
}) => {
	await page.goto('/connectors');
	await expect(page.getByRole('status')).toContainText('Storage is not persisted');
	await expect(page.getByRole('button', { name: 'Keep data on this device' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible();
	expect(problems.consoleErrors).toEqual([]);
});

test('a window without IndexedDB says that nothing can be kept (Q27)', async ({ page }) => {
	await page.addInitScript(() => {
		Object.defineProperty(window, 'indexedDB', { get: () => undefined });
	});
	await page.goto('/settings');
	await expect(page.getByRole('alert').first()).toContainText('cannot store data');
	await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
});
