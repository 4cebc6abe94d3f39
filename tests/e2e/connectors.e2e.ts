import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';

/** The newcomer's one click: a connector on the demo org from "All user attributes", open in the editor. */
async function quickStart(page: Page) {
	await page.goto('/connectors');
	await page.getByRole('button', { name: 'Create a connector on the demo org' }).click();
	await expect(page).toHaveURL(/\/connectors\/[0-9a-f-]{36}$/);
	await expect(page.getByRole('heading', { level: 1, name: 'All user attributes' })).toBeVisible();
}

/** Replaces the whole text of a CodeMirror editor by typing, as a person would. */
async function retype(page: Page, name: string, text: string) {
	const box = page.getByRole('textbox', { name, exact: true });
	await box.click();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.press('Delete');
	await page.keyboard.type(text);
}

async function runTest(page: Page) {
	await page.getByRole('button', { name: 'Run test' }).click();
	await expect(page.getByTestId('test-status')).toHaveText('200');
}

test('a newcomer goes from an empty app to a tested connector on the demo org, using only the UI', async ({
	page,
	problems
}) => {
	await quickStart(page);
	await expect(page.getByTestId('credential-url')).toContainText('Demo org');
	await runTest(page);
	const records = page.getByTestId('sample-record');
	await expect(records).toHaveCount(5);
	await expect(records.first().getByTestId('mapped-email')).toHaveText(/@/);
	await expect(records.first().getByTestId('mapped-profile')).not.toBeEmpty();
	await expect(records.first().getByTestId('mapped-license')).not.toBeEmpty();
	await records.first().getByText('Raw record').click();
	await expect(records.first().locator('pre')).toContainText('"attributes"');
	await page.getByRole('link', { name: '← Connectors' }).click();
	const row = page.getByTestId('connector-row');
	await expect(row).toHaveCount(1);
	await expect(row).toContainText('all_user_attributes');
	await expect(row).toContainText('Demo org');
	expect(problems.consoleErrors).toEqual([]);
	expect(await problems.cspViolations()).toEqual([]);
});

test('the connectors list loads no CodeMirror code', async ({ page }) => {
	await page.goto('/connectors');
	await expect(page.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible();
	const scripts = await page.evaluate(() =>
		performance
			.getEntriesByType('resource')
			.map((entry) => entry.name)
			.filter((name) => name.endsWith('.js'))
	);
	expect(scripts.length).toBeGreaterThan(0);
	for (const url of scripts) expect(await (await page.request.get(url)).text()).not.toContain('cm-content');
});

test('SOQL completion offers Manager.Email after typing "Manager."', async ({ page, problems }) => {
	await quickStart(page);
	await page.getByRole('tab', { name: 'Parameters' }).click();
	await retype(page, 'SOQL query', 'SELECT Id, Manager.');
	const options = page.locator('.cm-tooltip-autocomplete li');
	await expect(options.filter({ hasText: /^Email/ }).first()).toBeVisible();
	await page.keyboard.type('Ema');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('textbox', { name: 'SOQL query' })).toHaveText('SELECT Id, Manager.Email');
	await page.getByRole('tab', { name: 'Data mapping' }).click();
	await retype(page, 'Source of mapping 1', 'Manager.');
	await expect(options.filter({ hasText: /^Email/ }).first()).toBeVisible();
	expect(problems.consoleErrors).toEqual([]);
});

test('broken SOQL is underlined at the token the parser rejects', async ({ page }) => {
	await quickStart(page);
	await page.getByRole('tab', { name: 'Parameters' }).click();
	await retype(page, 'SOQL query', 'SELECT Id, FROM User');
	await expect(page.locator('[data-testid="soql-editor"] .cm-lintRange-error')).toHaveText('FROM');
	await expect(page.getByTestId('soql-problems')).toContainText('row 1, column 12');
	await retype(page, 'SOQL query', 'SELECT Id FROM User WHERE Name = = 1');
	await expect(page.locator('[data-testid="soql-editor"] .cm-lintRange-error')).toHaveText('=');
	await expect(page.getByTestId('soql-problems')).toContainText('row 1, column 34');
});

test("the server's INVALID_FIELD from a test run is underlined on the field in the editor", async ({
	page
}) => {
	await quickStart(page);
	await page.getByRole('tab', { name: 'Parameters' }).click();
	await retype(page, 'SOQL query', 'SELECT Id, Email,\nBogus__c FROM User');
	await page.getByRole('button', { name: 'Run test' }).click();
	await expect(page.getByTestId('test-error')).toContainText('SF_INVALID_FIELD');
	await expect(page.getByTestId('test-error')).toContainText('What to do');
	await expect(page.locator('[data-testid="soql-editor"] .cm-lintRange-error')).toHaveText('Bogus__c');
});

test('broken JSONata is flagged at its position and blocks save', async ({ page }) => {
	await quickStart(page);
	await page.getByRole('tab', { name: 'Data mapping' }).click();
	await retype(page, 'Identifier expression', 'Email & & Name');
	await expect(page.locator('[data-testid="identifier-editor"] .cm-lintRange-error')).toBeVisible();
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.getByTestId('save-problems')).toContainText(
		'Invalid JSONata expression for the identifier'
	);
	await expect(page.getByTestId('unsaved')).toBeVisible();
	await retype(page, 'Identifier expression', 'Email');
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	await expect(page.getByTestId('unsaved')).toHaveCount(0);
});

test('the live preview follows a mapping as it is typed', async ({ page, problems }) => {
	await quickStart(page);
	await runTest(page);
	const first = page.getByTestId('sample-record').first().getByTestId('mapped-username');
	const before = (await first.textContent()) ?? '';
	expect(before).toMatch(/@/);
	await page.getByRole('tab', { name: 'Data mapping' }).click();
	await retype(page, 'Source of mapping 1', '$uppercase(Username)');
	await expect(first).toHaveText(before.toUpperCase());
	await retype(page, 'Source of mapping 1', '"fixed"');
	await expect(first).toHaveText('fixed');
	expect(problems.consoleErrors).toEqual([]);
	expect(await problems.cspViolations()).toEqual([]);
});

test('export, delete and import restore a connector exactly', async ({ page }) => {
	await quickStart(page);
	await page.getByRole('link', { name: '← Connectors' }).click();
	const [exported] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export' }).click()
	]);
	const original = await readFile((await exported.path())!, 'utf8');
	expect(exported.suggestedFilename()).toBe('all_user_attributes.connector.json');

	await page.getByRole('button', { name: 'Delete' }).click();
	await expect(page.getByTestId('delete-impact')).toContainText('0 runs');
	await page.getByRole('button', { name: 'Delete connector' }).click();
	await expect(page.getByRole('heading', { name: 'No connectors yet' })).toBeVisible();

	await page.getByLabel('Connector file to import').setInputFiles({
		name: 'broken.json',
		mimeType: 'application/json',
		buffer: Buffer.from(original.replace('"batchSize": 2000', '"batchSize": "lots", "colour": 1'))
	});
	await expect(page.getByTestId('import-problems')).toContainText('connector.batchSize');
	await expect(page.getByTestId('import-problems')).toContainText('connector.colour unknown field');

	await page.getByLabel('Connector file to import').setInputFiles((await exported.path())!);
	await expect(page.getByRole('heading', { level: 1, name: 'All user attributes' })).toBeVisible();
	await page.getByRole('link', { name: '← Connectors' }).click();
	const [again] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export' }).click()
	]);
	expect(await readFile((await again.path())!, 'utf8')).toBe(original);
});

test('the mapping CSV downloads and imports back unchanged; a bad file changes nothing', async ({ page }) => {
	await quickStart(page);
	await page.getByRole('tab', { name: 'Data mapping' }).click();
	const download = () =>
		Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Download mapping CSV' }).click()
		]);
	const [first] = await download();
	const csv = await readFile((await first.path())!, 'utf8');
	const rows = page.getByTestId('mapping-row');
	const count = await rows.count();
	await page.getByRole('button', { name: 'Remove mapping 1', exact: true }).click();
	await expect(rows).toHaveCount(count - 1);

	await page.getByLabel('Mapping CSV to import').setInputFiles({
		name: 'bad.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('source expression,target field,kind,description\r\nEmail & &,x,field,\r\n')
	});
	await expect(page.getByTestId('csv-problems')).toBeVisible();
	await expect(rows).toHaveCount(count - 1);

	await page.getByLabel('Mapping CSV to import').setInputFiles((await first.path())!);
	await expect(rows).toHaveCount(count);
	const [second] = await download();
	expect(await readFile((await second.path())!, 'utf8')).toBe(csv);
});

test('the NQL ID is suggested from the name, editable until the first save, then locked', async ({
	page
}) => {
	await page.goto('/connectors');
	await page.getByRole('button', { name: 'Create a connector on the demo org' }).click();
	await page.getByRole('link', { name: '← Connectors' }).click();
	await page.getByLabel('Template').selectOption('Identity minimal');
	await page.getByRole('button', { name: 'New connector' }).click();
	await expect(page).toHaveURL(/\/connectors\/new/);
	const name = page.getByLabel('Name', { exact: true });
	const nqlId = page.getByLabel('NQL ID');
	await name.fill('Sales Team (EMEA)');
	await expect(nqlId).toHaveValue('sales_team_emea');
	await nqlId.fill('emea_sales');
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page).toHaveURL(/\/connectors\/[0-9a-f-]{36}$/);
	await expect(nqlId).toHaveValue('emea_sales');
	await expect(nqlId).toHaveAttribute('readonly', '');
	await page.reload();
	await expect(page.getByLabel('NQL ID')).toHaveAttribute('readonly', '');
	await expect(page.getByLabel('NQL ID')).toHaveValue('emea_sales');
});

test('leaving with unsaved changes asks first', async ({ page }) => {
	await quickStart(page);
	await page.getByLabel('Description').fill('changed');
	page.once('dialog', (dialog) => dialog.dismiss());
	await page.getByRole('link', { name: '← Connectors' }).click();
	await expect(page).toHaveURL(/\/connectors\/[0-9a-f-]{36}$/);
	page.once('dialog', (dialog) => dialog.accept());
	await page.getByRole('link', { name: '← Connectors' }).click();
	await expect(page).toHaveURL(/\/connectors$/);
});

test('a run started from the list shows in the list, and deleting the connector says its runs go too', async ({
	page,
	problems
}) => {
	await quickStart(page);
	await page.getByRole('link', { name: '← Connectors' }).click();
	await page.getByRole('button', { name: 'Run now' }).click();
	await expect(page).toHaveURL(/\/runs\/[^/]+$/);
	await page.goto('/connectors');
	const row = page.getByTestId('connector-row');
	await expect(row).toContainText(/success|partial|failure|running/);
	await expect(row).toContainText(/\d+ received · \d+ processed/);
	await page.getByRole('button', { name: 'Delete' }).click();
	await expect(page.getByTestId('delete-impact')).toContainText('1 run with their logs');
	await page.getByRole('button', { name: 'Cancel' }).click();
	await expect(row).toHaveCount(1);
	expect(problems.consoleErrors).toEqual([]);
	expect(await problems.cspViolations()).toEqual([]);
});

test('mapped and raw text is shown as text, never as markup (Q30)', async ({ page, problems }) => {
	await quickStart(page);
	await runTest(page);
	await page.getByRole('tab', { name: 'Data mapping' }).click();
	await retype(page, 'Source of mapping 1', '"<img src=x onerror=alert(1)>"');
	const first = page.getByTestId('sample-record').first().getByTestId('mapped-username');
	await expect(first).toHaveText('<img src=x onerror=alert(1)>');
	await expect(page.locator('aside img, aside script')).toHaveCount(0);
	expect(problems.consoleErrors).toEqual([]);
	expect(await problems.cspViolations()).toEqual([]);
});

test('the editor tabs work from the keyboard', async ({ page }) => {
	await quickStart(page);
	await page.getByRole('tab', { name: 'General' }).focus();
	await page.keyboard.press('ArrowRight');
	await expect(page.getByRole('tab', { name: 'Parameters' })).toBeFocused();
	await expect(page.getByRole('tab', { name: 'Parameters' })).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByLabel('User status')).toBeVisible();
	await page.keyboard.press('ArrowLeft');
	await page.keyboard.press('ArrowLeft');
	await expect(page.getByRole('tab', { name: 'Data mapping' })).toHaveAttribute('aria-selected', 'true');
});

test('duplicating a connector opens an inactive copy with its own NQL ID', async ({ page }) => {
	await quickStart(page);
	await page.getByRole('link', { name: '← Connectors' }).click();
	await page.getByRole('button', { name: 'Duplicate' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'All user attributes (copy)' })).toBeVisible();
	await expect(page.getByLabel('NQL ID')).toHaveValue('all_user_attributes_copy');
	await expect(page.getByLabel('NQL ID')).toHaveAttribute('readonly', '');
	await page.getByRole('link', { name: '← Connectors' }).click();
	await expect(page.getByTestId('connector-row')).toHaveCount(2);
});

test('the "Login activity" template joins each user\'s latest LoginHistory row and maps it', async ({
	page,
	problems
}) => {
	await page.goto('/connectors/new?template=Login%20activity');
	await page.getByRole('tab', { name: 'Parameters' }).click();
	await expect(page.getByRole('checkbox', { name: /latest login as LatestLogin/ })).toBeChecked();
	await runTest(page);
	const first = page.getByTestId('sample-record').first();
	await expect(first.getByTestId('mapped-last_login_status')).not.toBeEmpty();
	await expect(first.getByTestId('mapped-last_login_time')).toHaveText(/^\d{4}-\d{2}-\d{2}T/);
	await expect(first.getByTestId('mapped-last_login_ip')).toHaveText(/\d|:/);
	expect(problems.consoleErrors).toEqual([]);
});
