/**
 * Benchmarks in Chromium: the mapping in a worker, result chunks written to the real IndexedDB, and whole
 * runs against the emulator over HTTP (100k and 1M users, 0 and 50 ms per page) with the peak JS heap of
 * the page and the worker; jsforce's autoFetch in Node against the same server, side by side.
 */
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import jsforce from 'jsforce';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { serveStatic } from '../../scripts/serve.mjs';
import { startEmulatorServer } from '../emulator-server';
import type { BenchWorker } from './harness/bench.worker';
import type { Bench, BenchRow } from './types';

const OUT_DIR = resolve('.bench-build');
const MB = 1024 * 1024;

/** Samples the used JS heap of the page and of its worker every 250 ms; `stop()` gives the peaks in bytes. */
async function sampleHeaps(browser: Browser, page: Page) {
	const pageSession = await page.context().newCDPSession(page);
	const browserSession: CDPSession = await browser.newBrowserCDPSession();
	const { targetInfos } = await browserSession.send('Target.getTargets');
	const worker = targetInfos.find((target) => target.type === 'worker');
	if (!worker) throw new Error('the benchmark worker is not running');
	const { sessionId } = await browserSession.send('Target.attachToTarget', {
		targetId: worker.targetId,
		flatten: false
	});
	let nextId = 1;
	const pending = new Map<number, (usedSize: number) => void>();
	browserSession.on('Target.receivedMessageFromTarget', (event) => {
		const message = JSON.parse(event.message) as { id?: number; result?: { usedSize: number } };
		if (message.id !== undefined) pending.get(message.id)?.(message.result?.usedSize ?? 0);
	});
	const workerHeap = () =>
		new Promise<number>((done) => {
			const id = nextId++;
			pending.set(id, done);
			void browserSession.send('Target.sendMessageToTarget', {
				sessionId,
				message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' })
			});
		});
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
			await browserSession.detach();
			await pageSession.detach();
			return peaks;
		}
	};
}

async function openHarness(browser: Browser, url: string): Promise<Page> {
	const page = (await browser.newPage()) as Page;
	await page.goto(url);
	await page.waitForFunction(() => 'bench' in window);
	return page;
}

/** One run of the real run manager in Chromium against an emulator with `users` users and `latencyMs` per page. */
async function runInBrowser(
	browser: Browser,
	siteUrl: string,
	users: number,
	latencyMs: number
): Promise<BenchRow[]> {
	const server = await startEmulatorServer({ users, latencyMs, corsAllowlist: [siteUrl] });
	const page = await openHarness(browser, siteUrl);
	try {
		const heaps = await sampleHeaps(browser, page);
		const input = { instanceUrl: server.url, token: server.token };
		const run = await page.evaluate(
			(args) => (window as unknown as { bench: BenchWorker }).bench.run(args),
			input
		);
		const peaks = await heaps.stop();
		const floorMs = run.pages * latencyMs;
		const label = `${users.toLocaleString('en-US')} users, ${latencyMs} ms/page`;
		const rows: BenchRow[] = [
			{
				group: 'end to end (Chromium worker, HTTP)',
				name: `${label}: wall time`,
				value: run.ms / 1000,
				unit: 's',
				note: `${run.status}, ${run.pages} pages, ${run.processed.toLocaleString('en-US')} stored`
			},
			{
				group: 'end to end (Chromium worker, HTTP)',
				name: `${label}: records/s`,
				value: (run.received * 1000) / run.ms,
				unit: 'records/s'
			},
			{
				group: 'end to end (Chromium worker, HTTP)',
				name: `${label}: peak heap, page`,
				value: peaks.page / MB,
				unit: 'MB',
				target: '≤ 200 MB'
			},
			{
				group: 'end to end (Chromium worker, HTTP)',
				name: `${label}: peak heap, worker`,
				value: peaks.worker / MB,
				unit: 'MB',
				target: '≤ 200 MB'
			}
		];
		if (latencyMs > 0)
			rows.push(
				{
					group: 'end to end (Chromium worker, HTTP)',
					name: `${label}: network floor (pages × latency)`,
					value: floorMs / 1000,
					unit: 's'
				},
				{
					group: 'end to end (Chromium worker, HTTP)',
					name: `${label}: wall / floor`,
					value: run.ms / floorMs,
					unit: '×',
					target: '≤ 1.15×'
				}
			);
		return rows;
	} finally {
		await page.close();
		await server.close();
	}
}

/** jsforce's autoFetch in Node against the same emulator, for comparison. */
async function runJsforce(users: number, latencyMs: number): Promise<BenchRow> {
	const server = await startEmulatorServer({ users, latencyMs });
	try {
		const connection = new jsforce.Connection({
			instanceUrl: server.url,
			accessToken: server.token,
			version: '66.0'
		});
		const soql = `SELECT Id, Username, Email, FirstName, LastName, Title, Department, Division, CompanyName, IsActive, UserType, Phone, City, Country, EmployeeNumber FROM User`;
		const started = performance.now();
		let records = 0;
		await new Promise<void>((done, fail) => {
			connection
				.query(soql)
				.on('record', () => records++)
				.on('end', () => done())
				.on('error', fail)
				.run({ autoFetch: true, maxFetch: users + 1 });
		});
		const ms = performance.now() - started;
		return {
			group: 'end to end (Chromium worker, HTTP)',
			name: `jsforce autoFetch in Node, ${users.toLocaleString('en-US')} users, ${latencyMs} ms/page: wall time`,
			value: ms / 1000,
			unit: 's',
			note: `${records.toLocaleString('en-US')} records, no mapping, nothing stored`
		};
	} finally {
		await server.close();
	}
}

export const benchBrowser: Bench = async () => {
	await build({
		configFile: false,
		root: resolve('tests/bench/harness'),
		logLevel: 'warn',
		build: { outDir: OUT_DIR, emptyOutDir: true, target: 'es2022' },
		worker: { format: 'es' }
	});
	const site = await serveStatic({ dir: OUT_DIR, port: 0 });
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: CHROMIUM_ARGS
	});
	const rows: BenchRow[] = [];
	try {
		const page = await openHarness(browser, site.url);
		const mapping = await page.evaluate(() =>
			(window as unknown as { bench: BenchWorker }).bench.mapping(200_000)
		);
		rows.push(...mapping);
		const storage = await page.evaluate(() =>
			(window as unknown as { bench: BenchWorker }).bench.storage(100)
		);
		rows.push({
			group: 'storage (Chromium IndexedDB)',
			name: 'result chunks of 2000 rows, one transaction per page with its checkpoint',
			value: (storage.rows * 1000) / storage.ms,
			unit: 'rows/s',
			target: '≥ 150,000 rows/s',
			note: `${storage.rows.toLocaleString('en-US')} rows in ${Math.round(storage.ms)} ms`
		});
		await page.close();
		rows.push(...(await runInBrowser(browser, site.url, 100_000, 0)));
		rows.push(...(await runInBrowser(browser, site.url, 1_000_000, 0)));
		rows.push(...(await runInBrowser(browser, site.url, 1_000_000, 50)));
		rows.push(await runJsforce(1_000_000, 0));
		rows.push(await runJsforce(1_000_000, 50));
	} finally {
		await browser.close();
		site.server.close();
		rmSync(OUT_DIR, { recursive: true, force: true });
	}
	return rows;
};
