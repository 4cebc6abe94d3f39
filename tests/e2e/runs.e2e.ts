import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { demoConnector, putConnector, runNow, setDemoSize, withoutSavePicker } from './runs-support';

test.describe.configure({ timeout: 240_000 });

test('a 100k-user run: progress, cancel, resume, finish, results to the end, CSV and JSON downloads, log filter', async ({
	page,
	problems
}) => {
	await withoutSavePicker(page);
	await setDemoSize(page, 100_000);
	await putConnector(page, demoConnector('big'));
	await runNow(page, 'Demo big');

	const status = page.getByTestId('run-status');
	await expect(status).toHaveText('Running');
	await expect(page.getByTestId('run-received')).toContainText('/ 100,000 received');
	await expect(page.getByTestId('run-received')).not.toContainText(/^0 \//);
	await page.getByRole('button', { name: 'Cancel run' }).click();
	await expect(status).toHaveText('Cancelled');
	const receivedAtCancel = await page.getByTestId('run-received').textContent();
	expect(receivedAtCancel).not.toContain('100,000 /');

	await page.getByRole('button', { name: 'Resume run' }).click();
	await expect(status).toHaveText('Success', { timeout: 180_000 });
	await expect(page.getByTestId('run-received')).toContainText('100,000 / 100,000 received');
	const processed = Number((await page.getByTestId('run-processed').textContent())?.replace(/,/g, ''));
	expect(processed).toBeGreaterThan(90_000);

	// Results: every processed user, scrolled to the very end.
	const count = page.getByTestId('results-count');
	await expect(count).toHaveText(
		`${processed.toLocaleString('en-US')} of ${processed.toLocaleString('en-US')} users`,
		{
			timeout: 60_000
		}
	);
	await expect(page.getByTestId('fill-rates')).toContainText('job_title');
	const viewport = page.getByTestId('results-viewport');
	await viewport.evaluate((element) => (element.scrollTop = element.scrollHeight));
	await expect(page.locator(`[role="row"][aria-rowindex="${processed + 1}"]`)).toBeVisible();
	await expect(page.locator('[role="grid"] a[href^="javascript:"]')).toHaveCount(0);

	// Search narrows the rows; hostile AboutMe values are shown as text, never as markup (Q30).
	await page.getByPlaceholder('Search identifier or any field').fill('onerror');
	await expect(count).not.toContainText(`${processed.toLocaleString('en-US')} of`);
	await expect(count).toContainText(`of ${processed.toLocaleString('en-US')} users`);
	const grid = page.getByRole('grid');
	await expect(
		grid
			.getByRole('gridcell')
			.filter({ hasText: /<img|onerror/ })
			.first()
	).toBeVisible();
	await expect(grid.locator('img, script, iframe')).toHaveCount(0);

	// CSV: BOM, CRLF, header in mapping order, one line per user, formula cells escaped.
	const csvDownload = page.waitForEvent('download');
	await page.getByRole('button', { name: /^Download users/ }).click();
	const csv = await readFile((await (await csvDownload).path()) as string, 'utf8');
	expect(csv.startsWith('\ufeffemail,email_address,job_title,department,about,photo,modified\r\n')).toBe(
		true
	);
	const records = csv.slice(1).split(/\r\n(?=[^\r\n]*@)/);
	expect(csv.endsWith('\r\n')).toBe(true);
	expect(
		csv
			.slice(1)
			.trimEnd()
			.split(/\r\n(?=[^,\r\n"]+@[^,\r\n"]+,)/).length
	).toBe(processed + 1);
	expect(records.some((line) => /,"?'[=+\-@]/.test(line))).toBe(true);
	expect(records.some((line) => /,"?[=+@]/.test(line.replace(/^[^,]*,[^,]*,/, '')))).toBe(false);
	await expect(page.getByTestId('download-summary')).toContainText(
		`Downloaded ${processed.toLocaleString('en-US')} rows in 1 file`
	);

	// JSON: the same users as objects keyed by the columns.
	await page.getByLabel('Format').selectOption('json');
	const jsonDownload = page.waitForEvent('download');
	await page.getByRole('button', { name: /^Download users/ }).click();
	const users = JSON.parse(await readFile((await (await jsonDownload).path()) as string, 'utf8'));
	expect(users).toHaveLength(processed);
	expect(Object.keys(users[0])).toEqual([
		'email',
		'email_address',
		'job_title',
		'department',
		'about',
		'photo',
		'modified'
	]);

	// Logs: a query filters the runs, a mistake is shown where it is.
	await page.goto('/runs');
	await expect(page.getByTestId('runs-count')).toHaveText('1 of 1 runs');
	const filter = page.getByLabel('Filter', { exact: true });
	await filter.fill('status == failure during past 24h');
	await expect(page.getByTestId('runs-count')).toHaveText('0 of 1 runs');
	await page.getByLabel('Saved filter name').fill('Failures today');
	await page.getByRole('button', { name: 'Save filter' }).click();
	await filter.fill('details.nql_id == "demo_big" | sort time desc');
	await expect(page.getByTestId('runs-count')).toHaveText('1 of 1 runs');
	await page.getByRole('button', { name: 'Failures today', exact: true }).click();
	await expect(filter).toHaveValue('status == failure during past 24h');
	await expect(page.getByTestId('runs-count')).toHaveText('0 of 1 runs');
	await filter.fill('status == = success');
	await expect(page.getByTestId('filter-error')).toContainText('Column 11');
	await expect(page.getByTestId('filter-error').locator('mark')).toHaveText('=');

	expect(problems.consoleErrors).toEqual([]);
	expect(await problems.cspViolations()).toEqual([]);
});
