import { test as base, expect, type Page } from '@playwright/test';

/** Console errors and CSP violations a page produced, collected for the "clean page" assertions. */
export interface PageProblems {
	consoleErrors: string[];
	cspViolations: () => Promise<string[]>;
}

/** Records console errors and page errors, and installs a CSP violation listener before any script runs. */
export async function watchProblems(page: Page): Promise<PageProblems> {
	const consoleErrors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') consoleErrors.push(message.text());
	});
	page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
	await page.addInitScript(() => {
		const violations: string[] = [];
		(window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
		document.addEventListener('securitypolicyviolation', (event) =>
			violations.push(`${event.violatedDirective} ${event.blockedURI}`)
		);
	});
	return {
		consoleErrors,
		cspViolations: () =>
			page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])
	};
}

export const test = base.extend<{ problems: PageProblems }>({
	problems: async ({ page }, use) => {
		await use(await watchProblems(page));
	}
});

export { expect };
