/**
 * The installable offline shell: the service worker precaches the build, so a reload with no network
 * opens the app and the demo org (the emulator in the run worker) syncs; it stores nothing but the app's
 * own files; and a newly deployed version is offered with "A new version is available — Reload".
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { APP_PORT, E2E_BUILD_DIR } from '../../playwright.config';
import { serveStatic } from '../../scripts/serve.mjs';
import { expect, test } from './fixtures';
import { demoConnector, putConnector, runNow, setDemoSize } from './runs-support';

/** Port of the copies of the build the update journey deploys one after the other. */
const UPDATE_PORT = APP_PORT + 30;

/** Waits until the service worker controls the page. */
async function controlled(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (navigator.serviceWorker.controller) return;
		await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
	});
}

/** Every URL in the page's caches, with the cache it is in. */
function cachedUrls(page: Page): Promise<{ cache: string; url: string }[]> {
	return page.evaluate(async () => {
		const entries: { cache: string; url: string }[] = [];
		for (const cache of await caches.keys())
			for (const request of await (await caches.open(cache)).keys())
				entries.push({ cache, url: request.url });
		return entries;
	});
}

test('sirv serves the service worker as JavaScript that browsers may re-check at any time', async ({
	request
}) => {
	const response = await request.get('/service-worker.js');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toMatch(/^(text|application)\/javascript/);
	expect(response.headers()['cache-control'] ?? '').not.toMatch(/immutable|max-age=[1-9]/);
	const manifest = await request.get('/manifest.webmanifest');
	expect(manifest.status()).toBe(200);
	expect((await manifest.json()).icons.map((icon: { src: string }) => icon.src)).toEqual([
		'/icon.svg',
		'/icon-192.png',
		'/icon-512.png'
	]);
});

test('with no network, a reload opens the app from the cache and a demo sync runs', async ({
	page,
	context,
	problems
}) => {
	await setDemoSize(page, 3000);
	await controlled(page);
	await putConnector(page, demoConnector('offline'));
	const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
	expect(csp).toContain("manifest-src 'self'");
	expect(csp).toContain("worker-src 'self'");

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
	await runNow(page, 'Demo offline');
	await expect(page.getByTestId('run-status')).toHaveText('Success', { timeout: 60_000 });
	await expect(page.getByTestId('run-received')).toContainText('3,000 / 3,000 received');
	await expect(page.getByTestId('results-count')).toHaveText(/^[\d,]+ of [\d,]+ users$/);

	const origin = new URL(page.url()).origin;
	const cached = await cachedUrls(page);
	expect(cached.length).toBeGreaterThan(10);
	expect(new Set(cached.map((entry) => entry.cache)).size).toBe(1);
	for (const { url } of cached) {
		expect(url.startsWith(`${origin}/`)).toBe(true);
		expect(url).not.toContain('/services/');
	}
	expect(problems.consoleErrors).toEqual([]);
	expect(await problems.cspViolations()).toEqual([]);
	await context.setOffline(false);
});

test.describe('a new deployment', () => {
	let folder = '';
	let server: Server | null = null;

	test.afterEach(async () => {
		await stop();
		if (folder) await rm(folder, { recursive: true, force: true });
	});

	/** Copies the test build as version `version` (the version string replaced in every file). */
	async function deployment(name: string, version: string): Promise<string> {
		const dir = join(folder, name);
		await cp(E2E_BUILD_DIR, dir, { recursive: true });
		const built = JSON.parse(await readFile(join(dir, '_app', 'version.json'), 'utf8')).version as string;
		for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
			if (!entry.isFile() || !/\.(js|json)$/.test(entry.name)) continue;
			const path = join(entry.parentPath, entry.name);
			const text = await readFile(path, 'utf8');
			if (text.includes(built)) await writeFile(path, text.replaceAll(built, version));
		}
		return dir;
	}

	async function stop(): Promise<void> {
		server?.closeAllConnections();
		await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
		server = null;
	}

	async function serve(dir: string): Promise<void> {
		await stop();
		server = (await serveStatic({ dir, port: UPDATE_PORT })).server as Server;
	}

	test('shows "A new version is available — Reload", and Reload switches to it', async ({ browser }) => {
		folder = await mkdtemp(join(tmpdir(), 'connector-deployments-'));
		const [first, second] = [await deployment('a', 'deploy-a'), await deployment('b', 'deploy-b')];
		const context = await browser.newContext({ baseURL: `http://127.0.0.1:${UPDATE_PORT}` });
		const page = await context.newPage();
		await serve(first);
		await page.goto('/connectors');
		await controlled(page);
		await expect(page.getByTestId('update-prompt')).toBeEmpty();
		expect(new Set((await cachedUrls(page)).map((entry) => entry.cache))).toEqual(
			new Set(['app-shell-deploy-a'])
		);

		await serve(second);
		await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
		const prompt = page.getByTestId('update-prompt');
		await expect(prompt).toHaveText('A new version is available — Reload');
		await expect(page.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible();

		await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
		await controlled(page);
		await expect(page.getByRole('heading', { level: 1, name: 'Connectors' })).toBeVisible();
		await expect(prompt).toBeEmpty();
		await expect
			.poll(async () => new Set((await cachedUrls(page)).map((entry) => entry.cache)))
			.toEqual(new Set(['app-shell-deploy-b']));
		await context.close();
	});
});
