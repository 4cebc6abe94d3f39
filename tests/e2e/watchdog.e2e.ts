import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Replaces the whole text of a CodeMirror editor by typing. */
async function retype(page: Page, name: string, text: string) {
	const box = page.getByRole('textbox', { name, exact: true });
	await box.click();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.press('Delete');
	await page.keyboard.type(text);
}

test('a runaway expression in the live preview is stopped, the page stays responsive, and the next preview works (Q20)', async ({
	page
}) => {
	await page.goto('/connectors');
	await page.getByRole('button', { name: 'Create a connector on the demo org' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'All user attributes' })).toBeVisible();
	await page.getByRole('button', { name: 'Run test' }).click();
	await expect(page.getByTestId('test-status')).toHaveText('200');
	await page.getByRole('tab', { name: 'Data mapping' }).click();

	// A catastrophic regular expression: one native call that JSONata's own timeout cannot interrupt.
	await retype(
		page,
		'Source of mapping 1',
		'$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /(a+)+$/)'
	);
	await expect(page.getByText(/Live preview failed: No answer within 3 s/)).toBeVisible({ timeout: 20_000 });

	// The page answers at once while and after the sandbox is replaced.
	const started = Date.now();
	await page.getByRole('tab', { name: 'General' }).click();
	await page.getByRole('tab', { name: 'Data mapping' }).click();
	expect(Date.now() - started).toBeLessThan(5_000);

	const first = page.getByTestId('sample-record').first().getByTestId('mapped-username');
	await retype(page, 'Source of mapping 1', '"back to normal"');
	await expect(first).toHaveText('back to normal');
	await expect(page.getByText('Live preview: the mapping')).toBeVisible();
});
