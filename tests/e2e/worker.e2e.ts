import { expect, test } from './fixtures';

test('the worker answers over Comlink and opens the database inside the worker', async ({
	page,
	problems
}) => {
	await page.goto('/settings');
	await page.getByRole('button', { name: 'Check worker and database' }).click();
	const health = page.getByTestId('worker-health');
	await expect(health).toContainText('salesforce-user-connector, schema version 3');
	await expect(health).toContainText('chunks');
	await expect(health).toContainText('0 connectors, 0 runs');
	const workers = page.workers();
	expect(workers.length).toBe(1);
	const dbNames = await workers[0].evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
	expect(dbNames).toContain('salesforce-user-connector');
	expect(problems.consoleErrors).toEqual([]);
	expect(await problems.cspViolations()).toEqual([]);
});
