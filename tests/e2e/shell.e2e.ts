import { expect, test } from './fixtures';

const routes = [
	{ path: '/connectors', heading: 'Connectors' },
	{ path: '/runs', heading: 'Runs' },
	{ path: '/credentials', heading: 'Credentials' },
	{ path: '/settings', heading: 'Settings' }
];

test('the root opens on the connectors', async ({ page }) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/connectors$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible();
});

for (const route of routes) {
	test(`deep link ${route.path} loads and reloads on the static build with no console error or CSP violation`, async ({
		page,
		problems
	}) => {
		const response = await page.goto(route.path);
		expect(response?.status()).toBe(200);
		await expect(page.getByRole('heading', { level: 1, name: route.heading })).toBeVisible();
		await expect(page.getByRole('link', { name: route.heading, exact: true })).toHaveAttribute(
			'aria-current',
			'page'
		);
		await page.reload();
		await expect(page.getByRole('heading', { level: 1, name: route.heading })).toBeVisible();
		await expect(page.getByTestId('storage-persisted')).not.toHaveText(/checking/);
		expect(problems.consoleErrors).toEqual([]);
		expect(await problems.cspViolations()).toEqual([]);
	});
}

test('the page carries a strict Content-Security-Policy', async ({ page }) => {
	await page.goto('/connectors');
	const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
	expect(csp).toContain("default-src 'self'");
	expect(csp).toContain("object-src 'none'");
	expect(csp).toContain("base-uri 'none'");
	expect(csp).toMatch(/script-src 'self' 'sha256-/);
	expect(csp).toContain('https://*.salesforce.com');
});

test('the navigation works from the keyboard', async ({ page }) => {
	await page.goto('/connectors');
	await expect(page.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Runs', exact: true })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/runs$/);
});

test('the shell is readable at 360 px wide: nothing overflows sideways', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await page.goto('/connectors');
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	await expect(page.getByRole('link', { name: 'Settings', exact: true })).toBeInViewport();
});

test('the storage footer shows whether storage is persisted and how much is used', async ({ page }) => {
	await page.goto('/settings');
	await expect(page.getByTestId('storage-persisted')).toHaveText(/Storage: (persisted|not persisted)/);
	await expect(page.getByTestId('storage-usage')).toHaveText(/\d.* of \d.* used/);
});
