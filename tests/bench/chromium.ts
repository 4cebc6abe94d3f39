/**
 * The Chromium side of the benchmarks: the harness page and its worker built with Vite and served on
 * 127.0.0.1, a headless Chromium, and peak-heap sampling of the page and its worker over CDP.
 */
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { serveStatic } from '../../scripts/serve.mjs';
import type { CpuProfile } from './cpu-profile';

const OUT_DIR = resolve('.bench-build');
/** Bytes in a megabyte. */
export const MB = 1024 * 1024;

/** Builds and serves the harness and launches Chromium; `close()` ends all three. */
export async function startChromiumHarness() {
	await build({
		configFile: false,
		root: resolve('tests/bench/harness'),
		logLevel: 'warn',
		// Not minified, so that the worker's CPU profile names the product's functions.
		build: { outDir: OUT_DIR, emptyOutDir: true, target: 'es2022', minify: false },
		worker: { format: 'es' }
	});
	const site = await serveStatic({ dir: OUT_DIR, port: 0 });
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: CHROMIUM_ARGS
	});
	return {
		browser,
		site,
		async close() {
			await browser.close();
			site.server.close();
			rmSync(OUT_DIR, { recursive: true, force: true });
		}
	};
}

/** A CDP session with the harness page's worker: `send` calls a method there and gives its result. */
async function attachToWorker(browser: Browser) {
	const browserSession: CDPSession = await browser.newBrowserCDPSession();
	const { targetInfos } = await browserSession.send('Target.getTargets');
	const worker = targetInfos.find((target) => target.type === 'worker');
	if (!worker) throw new Error('the benchmark worker is not running');
	const { sessionId } = await browserSession.send('Target.attachToTarget', {
		targetId: worker.targetId,
		flatten: false
	});
	let nextId = 1;
	const pending = new Map<number, (result: unknown) => void>();
	browserSession.on('Target.receivedMessageFromTarget', (event) => {
		const message = JSON.parse(event.message) as { id?: number; result?: unknown };
		if (message.id !== undefined) pending.get(message.id)?.(message.result);
	});
	return {
		send<T>(method: string, params: object = {}): Promise<T> {
			return new Promise<T>((done) => {
				const id = nextId++;
				pending.set(id, (result) => {
					pending.delete(id);
					done(result as T);
				});
				void browserSession.send('Target.sendMessageToTarget', {
					sessionId,
					message: JSON.stringify({ id, method, params })
				});
			});
		},
		detach: () => browserSession.detach()
	};
}

/** Samples the used JS heap of the page and of its worker every 250 ms; `stop()` gives the peaks in bytes. */
export async function sampleHeaps(browser: Browser, page: Page) {
	const pageSession = await page.context().newCDPSession(page);
	const worker = await attachToWorker(browser);
	const workerHeap = async () =>
		(await worker.send<{ usedSize?: number }>('Runtime.getHeapUsage')).usedSize ?? 0;
	const peaks = { page: 0, worker: 0 };
	let sampling = Promise.resolve();
	const timer = setInterval(() => {
		sampling = (async () => {
			const [pageHeap, workerUsed] = await Promise.all([
				pageSession.send('Runtime.getHeapUsage'),
				workerHeap()
			]);
			peaks.page = Math.max(peaks.page, pageHeap.usedSize);
			peaks.worker = Math.max(peaks.worker, workerUsed);
		})();
	}, 250);
	return {
		async stop() {
			clearInterval(timer);
			await sampling;
			await worker.detach();
			await pageSession.detach();
			return peaks;
		}
	};
}

/** Starts V8's sampling profiler in the harness worker; `stop()` gives the CPU profile. */
export async function profileWorker(browser: Browser) {
	const worker = await attachToWorker(browser);
	await worker.send('Profiler.enable');
	await worker.send('Profiler.setSamplingInterval', { interval: 250 });
	await worker.send('Profiler.start');
	return {
		async stop(): Promise<CpuProfile> {
			const { profile } = await worker.send<{ profile: CpuProfile }>('Profiler.stop');
			await worker.detach();
			return profile;
		}
	};
}

/** Opens the harness page and waits for its worker to be ready. */
export async function openHarness(browser: Browser, url: string): Promise<Page> {
	const page = (await browser.newPage()) as Page;
	await page.goto(url);
	await page.waitForFunction(() => 'bench' in window);
	return page;
}
