/**
 * Benchmarks in Chromium: the mapping in a worker, result chunks written to the real IndexedDB, and whole
 * runs against the emulator over HTTP (100k and 1M users, 0 and 50 ms per page) with the peak JS heap of
 * the page and the worker; jsforce's autoFetch in Node against the same server, side by side.
 */
import type { Browser } from '@playwright/test';
import jsforce from 'jsforce';
import { startEmulatorServer } from '../emulator-server';
import { MB, openHarness, sampleHeaps, startChromiumHarness } from './chromium';
import type { BenchWorker } from './harness/bench.worker';
import { RUN_FIELDS } from './run-fields';
import type { Bench, BenchRow } from './types';

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
			(args) => (window as unknown as { bench: BenchWorker }).bench.run({ ...args, retrieval: 'rest' }),
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
		const soql = `SELECT ${RUN_FIELDS.join(', ')} FROM User`;
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
	const { browser, site, close } = await startChromiumHarness();
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
		await close();
	}
	return rows;
};
