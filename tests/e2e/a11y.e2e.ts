/**
 * Accessibility audit: axe-core on every page and dialog the journeys use (connectors list and its delete
 * dialog, the editor's three tabs and its test panel, a run page with its results and its diff, the runs
 * list, credentials with the new-credential form, settings), at 1280 px and at 360 px wide: no serious or
 * critical violation. On each, every control is reached with Tab and shows where the focus is.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { demoConnector, putConnector, runNow, setDemoSize } from './runs-support';

test.describe.configure({ timeout: 240_000 });

/** What one audited view got wrong: axe's serious/critical findings and the keyboard checks. */
interface Finding {
	view: string;
	problem: string;
}

/** Runs axe on the page as it is now and returns its serious and critical violations. */
async function axeFindings(page: Page, view: string): Promise<Finding[]> {
	const results = await new AxeBuilder({ page }).analyze();
	return results.violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.flatMap((violation) =>
			violation.nodes.map((node) => ({
				view,
				problem: `${violation.id} (${violation.impact}): ${node.target.join(' ')} — ${node.failureSummary ?? ''}`
			}))
		);
}

/** Every control a keyboard user must reach with Tab; a composite widget (tabs, grid) keeps one stop of its own. */
const CONTROLS =
	'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex="0"], [contenteditable="true"]';

/**
 * Tabs through the page (inside `scope` when given, e.g. an open dialog) from its start, and returns the
 * controls Tab never reached and the ones that showed no focus indicator when focused. Controls taken
 * out of the Tab order inside a tab list or a grid (which move focus with the arrow keys) are not
 * counted; CodeMirror draws its focus ring on its editor frame.
 */
async function keyboardFindings(page: Page, view: string, scope = 'body'): Promise<Finding[]> {
	const controls = await page.locator(scope).evaluate((root, selector) => {
		const start = document.createElement('span');
		start.tabIndex = -1;
		root.prepend(start);
		start.focus();
		start.remove();
		const inWidget = (element: Element) =>
			element.getAttribute('tabindex') === '-1' && element.closest('[role="tablist"], [role="grid"]');
		const all = [...root.querySelectorAll<HTMLElement>(selector)].filter(
			(element) => element.checkVisibility({ visibilityProperty: true }) && !inWidget(element)
		);
		(window as unknown as { __auditControls: HTMLElement[] }).__auditControls = all;
		return all.map(
			(element) =>
				`${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}"`
		);
	}, CONTROLS);
	const reached = new Set<number>();
	const unmarked: string[] = [];
	for (let step = 0; step < controls.length + 40; step++) {
		await page.keyboard.press('Tab');
		const focus = await page.evaluate(async () => {
			// CodeMirror marks its frame focused on the next frame, not at the focus event itself.
			await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
			const element = document.activeElement as HTMLElement | null;
			if (!element || element === document.body) return null;
			const frame = element.closest<HTMLElement>('.cm-editor') ?? element;
			const style = getComputedStyle(frame);
			const marked =
				(style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
			const controls = (window as unknown as { __auditControls: HTMLElement[] }).__auditControls;
			return { control: controls.indexOf(element), marked, label: element.outerHTML.slice(0, 80) };
		});
		if (!focus) continue;
		if (focus.control >= 0) reached.add(focus.control);
		if (!focus.marked) unmarked.push(focus.label);
		if (reached.size === controls.length) break;
	}
	const replaced = await page.evaluate(() =>
		(window as unknown as { __auditControls: HTMLElement[] }).__auditControls.map(
			(element) => !element.isConnected
		)
	);
	return [
		...controls.flatMap((control, at) =>
			reached.has(at) || replaced[at] ? [] : [{ view, problem: `not reached with Tab: ${control}` }]
		),
		...[...new Set(unmarked)].map((label) => ({ view, problem: `no visible focus: ${label}` }))
	];
}

for (const width of [1280, 360]) {
	test(`every page and dialog passes axe and works from the keyboard at ${width} px`, async ({ page }) => {
		await page.setViewportSize({ width, height: 800 });
		const findings: Finding[] = [];
		const audit = async (view: string, scope?: string) => {
			findings.push(...(await axeFindings(page, view)), ...(await keyboardFindings(page, view, scope)));
		};

		await setDemoSize(page, 1500);
		await audit('settings');

		await putConnector(page, demoConnector('audit'));
		await page.goto('/connectors');
		await expect(page.getByTestId('connector-row')).toHaveCount(1);
		await audit('connectors list');
		await page.getByRole('button', { name: 'Delete' }).click();
		await expect(page.getByRole('dialog')).toBeVisible();
		await audit('delete dialog', 'dialog[open]');
		await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

		await page.getByRole('link', { name: 'Demo audit' }).click();
		for (const tab of ['General', 'Parameters', 'Data mapping']) {
			await page.getByRole('tab', { name: tab }).click();
			await audit(`editor: ${tab}`);
		}
		await page.getByRole('button', { name: 'Run test' }).click();
		await expect(page.getByTestId('test-status')).toHaveText('200');
		await audit('editor: test panel');

		await runNow(page, 'Demo audit');
		await expect(page.getByTestId('run-status')).toHaveText('Success', { timeout: 60_000 });
		await expect(page.getByTestId('results-count')).toHaveText(/ users$/);
		await expect(page.getByRole('status').filter({ hasText: 'Run success' })).toHaveText(
			/^Run success: [\d,]+ users stored$/
		);
		await audit('run page and results');
		await page.getByPlaceholder('Search identifier or any field').fill('example');
		await expect(page.getByTestId('results-count')).toHaveText(/ users$/);
		await audit('results view, searched');
		const viewport = page.getByTestId('results-viewport');
		await viewport.focus();
		await page.keyboard.press('PageDown');
		await expect.poll(() => viewport.evaluate((element) => element.scrollTop)).toBeGreaterThan(0);
		await page.keyboard.press('Home');
		await expect.poll(() => viewport.evaluate((element) => element.scrollTop)).toBe(0);
		await page.getByPlaceholder('Search identifier or any field').fill('');
		await expect(page.getByTestId('results-count')).toHaveText(/^([\d,]+) of \1 users$/);

		await page.goto('/settings');
		await page.getByLabel('Change').fill('5');
		await page.getByRole('button', { name: 'Simulate changes in the demo org' }).click();
		await expect(page.getByTestId('demo-message')).toContainText('5 changed');
		await runNow(page, 'Demo audit');
		await expect(page.getByTestId('run-status')).toHaveText('Success', { timeout: 60_000 });
		await expect(page.getByTestId('diff-summary')).toContainText('5 changed');
		await audit('run page with diff');

		await putConnector(
			page,
			demoConnector('broken', { name: 'Broken', soql: 'SELECT Id, NoSuchField__c FROM User' })
		);
		await runNow(page, 'Broken');
		await expect(page.getByTestId('run-error-announcement')).toHaveAttribute('role', 'alert');
		await expect(page.getByTestId('run-error-announcement')).toContainText('INVALID_FIELD');
		await audit('run page of a failed run');

		await page.goto('/runs');
		await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
		await audit('runs list');

		await page.goto('/credentials');
		await expect(page.getByRole('heading', { level: 1, name: 'Credentials' })).toBeVisible();
		await audit('credentials');
		await page.getByRole('link', { name: 'New credential' }).click();
		await audit('credentials: new credential form');

		expect(findings).toEqual([]);
	});
}
