import { expect, test } from './fixtures';
import { demoConnector, putConnector, runNow, setDemoSize } from './runs-support';

test('two runs with changes in the demo org between them show added, changed and removed users', async ({
	page,
	problems
}) => {
	await setDemoSize(page, 2000);
	await putConnector(page, demoConnector('diff'));
	await runNow(page, 'Demo diff');
	await expect(page.getByTestId('run-status')).toHaveText('Success', { timeout: 60_000 });
	await expect(
		page.getByText('No previous successful run with stored results to compare with.')
	).toBeVisible();

	await page.goto('/settings');
	await page.getByLabel('Add').fill('25');
	await page.getByLabel('Remove').fill('10');
	await page.getByLabel('Change').fill('40');
	await page.getByRole('button', { name: 'Simulate changes in the demo org' }).click();
	await expect(page.getByTestId('demo-message')).toContainText('25 added, 10 removed, 40 changed');

	await runNow(page, 'Demo diff');
	await expect(page.getByTestId('run-status')).toHaveText('Success', { timeout: 60_000 });
	await expect(page.getByTestId('diff-summary')).toContainText('25 added · 40 changed · 10 removed');
	const entries = page.getByTestId('diff-entries');
	await expect(entries.getByRole('cell', { name: 'added', exact: true }).first()).toBeVisible();
	// Entries are stored added, changed, removed: 100 per page, so all three kinds sit on the first page.
	await expect(entries.getByRole('cell', { name: 'changed', exact: true })).toHaveCount(40);
	await expect(entries.getByRole('cell', { name: 'removed', exact: true })).toHaveCount(10);
	const changedRow = entries
		.getByRole('row')
		.filter({ has: page.getByRole('cell', { name: 'changed', exact: true }) });
	await expect(changedRow.first()).toContainText('modified');

	// The history chart shows both runs; the removed users can be downloaded.
	await expect(page.getByRole('img', { name: /Last 2 runs of this connector/ })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Download removed users (10)' })).toBeEnabled();

	expect(problems.consoleErrors).toEqual([]);
	expect(await problems.cspViolations()).toEqual([]);
});
