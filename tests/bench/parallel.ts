/**
 * Parallel retrieval side by side, one emulator configuration per row, over HTTP with server time per
 * page: this product (automatic path, forced to one REST cursor, forced to REST in Id ranges) in a Chromium
 * worker, its one REST cursor as the command line runs it (Node), jsforce's `autoFetch` and `bulk2.query`
 * in Node. Then the client pipeline alone, with the time of each stage and the worker's CPU time by stage:
 * a run fed from memory with the answers of a first run over HTTP (network and server at 0 ms).
 * `npm run bench -- parallel --users=100000` tries it small (default 1,000,000 users); `--part=pipeline`
 * or `--part=side-by-side` runs one half, `--part=automatic` or `--part=one-cursor` one path of this product,
 * `--part=round-trip` one REST cursor with the org 40 ms away, its pages as plain GETs and through /composite;
 * `--page-ms=100` one server time instead of 100 and 400 ms/page,
 * `--paths=rest,partitioned` and `--replays=7` choose the pipeline half's paths and its replays per path;
 * `BENCH_CPU_PROFILE=/tmp/run` also keeps the worker's CPU profile of each pipeline run.
 */
import type { Browser } from '@playwright/test';
import jsforce from 'jsforce';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../src/cli/run-command';
import { serverTimeForPage } from '../../src/lib/emulator/server-time';
import { startEmulatorServer, type EmulatorServerOptions } from '../emulator-server';
import { MB, openHarness, profileWorker, sampleHeaps, startChromiumHarness } from './chromium';
import { cpuBreakdown, type CpuProfile, type CpuStage } from './cpu-profile';
import { BENCH_SEED, spawnServer } from './emulator';
import type { BenchWorker } from './harness/bench.worker';
import { benchConnector, RUN_FIELDS } from './run-fields';
import type { Bench, BenchRow } from './types';

const GROUP = 'parallel retrieval (HTTP, server time per 2000-record page)';
const PIPELINE =
	'client pipeline (Chromium worker, answers replayed from memory: network and server at 0 ms)';
/** Bulk job timing of the emulator in these runs: queued 1 s, then 10 ms per 1000 rows. */
const BULK_TIMING = { bulkQueueMs: 1000, bulkMsPer1000Rows: 10 };
const SOQL = `SELECT ${RUN_FIELDS.join(', ')} FROM User`;

/** The value of `--name=value` on the command line. */
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
/** The number given as `--name=value`, if given; anything but a positive number stops the bench. */
function numberOption(name: string): number | undefined {
	const text = option(name);
	if (text === undefined) return undefined;
	const value = Number(text);
	if (!(value > 0)) throw new Error(`--${name}=${text}: give a positive number`);
	return value;
}
const USERS = numberOption('users') ?? 1_000_000;
/** The replayed runs keep every answer in the worker's memory: at most 200,000 users' worth. */
const PIPELINE_USERS = Math.min(USERS, 200_000);
/**
 * `--part=pipeline` or `--part=side-by-side` runs one half; `--part=automatic` only this product's automatic
 * path, `--part=one-cursor` only its single REST cursor, `--part=round-trip` that cursor with the org 40 ms away.
 */
const PART = option('part') ?? 'all';
/** `--page-ms=100` runs the side-by-side, automatic and one-cursor parts at that server time only. */
const ONE_PAGE_MS = numberOption('page-ms');
const PAGE_MS = ONE_PAGE_MS === undefined ? [100, 400] : [ONE_PAGE_MS];
/** `--paths=rest,partitioned` replays only those paths in the pipeline half. */
const PIPELINE_PATHS = (option('paths')?.split(',') ?? ['auto', 'partitioned', 'rest']) as Retrieval[];
const count = (value: number) => Math.round(value).toLocaleString('en-US');
const load = () => `load average ${loadavg()[0].toFixed(1)} on 2 cores`;

function serverOptions(pageMs: number, extra: Partial<EmulatorServerOptions> = {}): EmulatorServerOptions {
	return { users: USERS, seed: BENCH_SEED, serverTime: serverTimeForPage(pageMs), ...BULK_TIMING, ...extra };
}

type Retrieval = 'auto' | 'rest' | 'partitioned' | 'bulk';

/**
 * The emulator in a process of its own, with the options of `serverOptions`, for a client that runs in
 * this process (jsforce, the command line): sharing one event loop, the client's work on a page would
 * hold back the emulator's next answer.
 */
async function emulatorOfItsOwn(pageMs: number): Promise<{ url: string; token: string; close(): void }> {
	const token = '00DBENCH0000000!emulator-of-its-own-token';
	const { url, child } = await spawnServer(USERS, token, [
		'--page-ms',
		String(pageMs),
		'--bulk-queue-ms',
		String(BULK_TIMING.bulkQueueMs),
		'--bulk-ms-per-1000-rows',
		String(BULK_TIMING.bulkMsPer1000Rows)
	]);
	return { url, token, close: () => child.kill('SIGTERM') };
}

/** One run of the product in the Chromium worker over HTTP; its wall time, pages, path, stage times and peak heap. */
async function productRun(
	browser: Browser,
	siteUrl: string,
	pageMs: number,
	retrieval: Retrieval,
	extra: { users?: number; roundTripMs?: number; pagesThroughComposite?: boolean } = {}
) {
	const { pagesThroughComposite, ...distance } = extra;
	const server = await startEmulatorServer(serverOptions(pageMs, { corsAllowlist: [siteUrl], ...distance }));
	const page = await openHarness(browser, siteUrl);
	try {
		const heaps = await sampleHeaps(browser, page);
		const input = { instanceUrl: server.url, token: server.token, retrieval, pagesThroughComposite };
		const run = await page.evaluate(
			(args) => (window as unknown as { bench: BenchWorker }).bench.run(args),
			input
		);
		return { ...run, peaks: await heaps.stop() };
	} finally {
		await page.close();
		await server.close();
	}
}

/** Replays timed per path (`--replays=N`, 3 unless set): the figures are those of the median one, the note gives them all. */
const REPLAYS = numberOption('replays') ?? 3;

/**
 * The client pipeline alone: a run over HTTP keeps every answer, then runs on fresh databases are fed
 * them from memory (REPLAYS of them timed), and one more while the worker's CPU profile is taken (sampling
 * slows a run by a few per cent, so that run is not one of those timed).
 */
async function replayedRun(browser: Browser, siteUrl: string, retrieval: Retrieval) {
	const server = await startEmulatorServer(
		serverOptions(0, { users: PIPELINE_USERS, corsAllowlist: [siteUrl] })
	);
	const page = await openHarness(browser, siteUrl);
	try {
		const input = { instanceUrl: server.url, token: server.token, retrieval };
		await page.evaluate(
			(args) => (window as unknown as { bench: BenchWorker }).bench.recordAnswers(args),
			input
		);
		const replay = (args: typeof input & { skipSearchText?: boolean }) =>
			page.evaluate((args) => (window as unknown as { bench: BenchWorker }).bench.replayedRun(args), args);
		type Replayed = Awaited<ReturnType<typeof replay>>;
		const timed: Replayed[] = [];
		for (let replayed = 0; replayed < REPLAYS; replayed++) timed.push(await replay(input));
		const flowing = (run: Replayed) => run.flowingRate ?? 0;
		timed.sort((a, b) => flowing(a) - flowing(b));
		const run = timed[Math.floor(timed.length / 2)];
		const range = (rate: (replayed: Replayed) => number) =>
			`${REPLAYS} replays: ${timed
				.map(rate)
				.sort((a, b) => a - b)
				.map((value) => Math.round(value).toLocaleString('en-US'))
				.join(', ')} records/s`;
		const profiler = await profileWorker(browser);
		const profiled = await replay({ ...input, skipSearchText: true });
		return {
			...run,
			wholeRange: range((replayed) => (replayed.received * 1000) / replayed.ms),
			flowingRange: range(flowing),
			cpu: cpuBreakdown(await keptProfile(await profiler.stop(), retrieval), CPU_STAGES),
			profiledRecords: profiled.received
		};
	} finally {
		await page.close();
		await server.close();
	}
}

/** The profile, also written to `$BENCH_CPU_PROFILE-<path>.cpuprofile` when that is set (DevTools opens it). */
async function keptProfile(profile: CpuProfile, retrieval: Retrieval): Promise<CpuProfile> {
	const prefix = process.env.BENCH_CPU_PROFILE;
	if (prefix) await writeFile(`${prefix}-${retrieval}.cpuprofile`, JSON.stringify(profile));
	return profile;
}

/** A jsforce stream that has delivered records and then none for this long has stalled. */
const STALL_MS = 30_000;

/** What a jsforce run got: its time to the last record, and whether it stalled before its end. */
interface JsforceResult {
	ms: number;
	records: number;
	stalled: boolean;
}

/**
 * jsforce in Node against the same emulator: autoFetch through every page, or a Bulk 2.0 query. A run
 * whose stream stops delivering records without ending (jsforce 3.10's bulk2 does on big results: it
 * pipes every result page into one CSV parser, which the first page's end ends) counts as stalled, timed
 * to its last record.
 */
async function jsforceRun(pageMs: number, kind: 'autoFetch' | 'bulk2'): Promise<JsforceResult> {
	const server = await emulatorOfItsOwn(pageMs);
	let watchdog: ReturnType<typeof setInterval> | undefined;
	try {
		const connection = new jsforce.Connection({
			instanceUrl: server.url,
			accessToken: server.token,
			version: '66.0'
		});
		const started = performance.now();
		let records = 0;
		let lastRecordAt = started;
		let stalled = false;
		const count = () => {
			records++;
			lastRecordAt = performance.now();
		};
		const stream =
			kind === 'autoFetch'
				? connection.query(SOQL)
				: await connection.bulk2.query(SOQL, { pollTimeout: 3_600_000 });
		await new Promise<void>((done, fail) => {
			watchdog = setInterval(() => {
				if (records > 0 && performance.now() - lastRecordAt > STALL_MS) {
					stalled = true;
					done();
				}
			}, 1000);
			// Each Bulk result page starts with the CSV header; jsforce parses the pages as one CSV, so the
			// header of every page after the first comes through as a record: not counted.
			stream
				.on('record', (record: { Id?: string }) => (record.Id === 'Id' ? undefined : count()))
				.on('end', () => done())
				.on('error', fail);
			if (kind === 'autoFetch')
				(stream as ReturnType<typeof connection.query>).run({ autoFetch: true, maxFetch: USERS + 1 });
		});
		if (!stalled && records !== USERS)
			throw new Error(`jsforce ${kind} received ${records} of ${USERS} records`);
		return { ms: lastRecordAt - started, records, stalled };
	} finally {
		clearInterval(watchdog);
		server.close();
	}
}

/** The note of a jsforce row: stalled runs say where. */
function jsforceNote(result: JsforceResult): string | undefined {
	if (!result.stalled) return undefined;
	return `stalled: ${count(result.records)} of ${count(USERS)} records, then none for ${STALL_MS / 1000} s (timed to the last record)`;
}

/** A row of the side-by-side group, named after the size and the server time of its run. */
function rowAt(pageMs: number) {
	const label = `${count(USERS)} users × 15 fields, ${pageMs} ms/page`;
	return (name: string, value: number, unit: string, target?: string, note?: string): BenchRow => ({
		group: GROUP,
		name: `${label}: ${name}`,
		value,
		unit,
		target,
		note
	});
}

/** The wall time and the peak worker heap of this product's automatic run. */
function automaticRows(pageMs: number, auto: Awaited<ReturnType<typeof productRun>>): [BenchRow, BenchRow] {
	const row = rowAt(pageMs);
	return [
		row(
			'this product, automatic: wall time',
			auto.ms / 1000,
			's',
			undefined,
			`${auto.retrieval}; ${auto.status}, ${count(auto.processed)} stored; ${load()}`
		),
		row('automatic: peak heap, worker', auto.peaks.worker / MB, 'MB', '≤ 200 MB')
	];
}

async function sideBySide(browser: Browser, siteUrl: string, pageMs: number): Promise<BenchRow[]> {
	const auto = await productRun(browser, siteUrl, pageMs, 'auto');
	const rest = await productRun(browser, siteUrl, pageMs, 'rest');
	const [restWall, floor, ratio] = oneCursorRows(pageMs, rest);
	const commandLine = commandLineRows(pageMs, await commandLineOneCursor(pageMs));
	const partitioned = await productRun(browser, siteUrl, pageMs, 'partitioned');
	const autoFetch = await jsforceRun(pageMs, 'autoFetch');
	const bulk2 = await jsforceRun(pageMs, 'bulk2');
	const row = rowAt(pageMs);
	const [autoWall, autoHeap] = automaticRows(pageMs, auto);
	return [
		autoWall,
		restWall,
		floor,
		ratio,
		...commandLine,
		row(
			'this product, REST in Id ranges (set on the connector): wall time',
			partitioned.ms / 1000,
			's',
			undefined,
			`${partitioned.retrieval}; ${partitioned.status}, ${partitioned.pages} pages`
		),
		row('jsforce autoFetch (Node): wall time', autoFetch.ms / 1000, 's', undefined, jsforceNote(autoFetch)),
		row('jsforce bulk2.query (Node): wall time', bulk2.ms / 1000, 's', undefined, jsforceNote(bulk2)),
		row('jsforce autoFetch / automatic', autoFetch.ms / auto.ms, '×', pageMs === 400 ? '≥ 4×' : undefined),
		row('jsforce bulk2 / automatic', bulk2.ms / auto.ms, '×', '≥ 1.5×', jsforceNote(bulk2)),
		autoHeap
	];
}

/**
 * This product's command line in this process (Node), against the emulator in a process of its own: one
 * REST cursor, the pages stored in a state directory; timed to the last page stored (the CSV it writes
 * after is not).
 */
async function commandLineOneCursor(pageMs: number): Promise<{ ms: number; pages: number; status: string }> {
	const server = await emulatorOfItsOwn(pageMs);
	const stateDir = await mkdtemp(join(tmpdir(), 'suc-bench-'));
	try {
		const started = performance.now();
		let storedAt = Number.NaN;
		const log = await runCommand({
			connector: benchConnector('rest'),
			credential: { kind: 'access_token', accessToken: server.token, instanceUrl: server.url },
			stateDir,
			format: 'csv',
			incremental: false,
			lookbackSeconds: 0,
			fetch,
			progress: { update: () => undefined, stop: () => (storedAt = performance.now()) },
			log: () => undefined
		});
		if (log.status !== 'success')
			throw new Error(`the command line's run ended ${log.status}: ${log.description}`);
		return { ms: storedAt - started, pages: log.pages, status: log.status };
	} finally {
		server.close();
		await rm(stateDir, { recursive: true, force: true });
	}
}

/** The command line's one REST cursor against its floor. */
function commandLineRows(pageMs: number, run: Awaited<ReturnType<typeof commandLineOneCursor>>): BenchRow[] {
	const row = rowAt(pageMs);
	return [
		row(
			'this product, command line (Node), one REST cursor: wall time to the last page stored',
			run.ms / 1000,
			's',
			undefined,
			`${run.status}, ${run.pages} pages`
		),
		row('command line (Node), one REST cursor: wall / floor', run.ms / (run.pages * pageMs), '×')
	];
}

/** One REST cursor's wall time against its network floor (pages × server time). */
function oneCursorRows(pageMs: number, rest: Awaited<ReturnType<typeof productRun>>): BenchRow[] {
	const floorMs = rest.pages * pageMs;
	const row = rowAt(pageMs);
	return [
		row(
			'this product, one REST cursor: wall time',
			rest.ms / 1000,
			's',
			undefined,
			`${rest.status}, ${rest.pages} pages`
		),
		row('one REST cursor: network floor (pages × server time)', floorMs / 1000, 's'),
		row(
			'one REST cursor: wall / floor',
			rest.ms / floorMs,
			'×',
			'≤ 1.10×',
			`request to request: median ${rest.requestGaps.median.toFixed(1)} ms, 90th percentile ${rest.requestGaps.p90.toFixed(1)} ms`
		)
	];
}

const ROUND_TRIP_USERS = 200_000;
const ROUND_TRIP_MS = 40;

/**
 * One REST cursor in Chromium with the org 40 ms away (every request, CORS preflights included, answered
 * that much later), its pages as plain GETs and through the Composite resource, twice each, alternating.
 */
async function roundTrip(browser: Browser, siteUrl: string): Promise<BenchRow[]> {
	const pageMs = 100;
	const ratios: Record<'plain GETs' | 'the Composite resource', number[]> = {
		'plain GETs': [],
		'the Composite resource': []
	};
	const gaps: Record<keyof typeof ratios, number[]> = { 'plain GETs': [], 'the Composite resource': [] };
	for (let round = 0; round < 2; round++)
		for (const way of Object.keys(ratios) as (keyof typeof ratios)[]) {
			const run = await productRun(browser, siteUrl, pageMs, 'rest', {
				users: ROUND_TRIP_USERS,
				roundTripMs: ROUND_TRIP_MS,
				pagesThroughComposite: way === 'the Composite resource'
			});
			ratios[way].push(run.ms / (run.pages * pageMs));
			gaps[way].push(run.requestGaps.median);
		}
	return (Object.keys(ratios) as (keyof typeof ratios)[]).map((way) => ({
		group: GROUP,
		name: `${count(ROUND_TRIP_USERS)} users × 15 fields, ${pageMs} ms/page, the org ${ROUND_TRIP_MS} ms away: one REST cursor, pages through ${way}: wall / floor`,
		value: Math.min(...ratios[way]),
		unit: '×',
		note: `best of 2 (${ratios[way].map((ratio) => ratio.toFixed(3)).join(', ')}); request to request, medians: ${gaps[way].map((gap) => gap.toFixed(1)).join(', ')} ms; ${load()}`
	}));
}

/** This product's automatic path alone: its wall time and peak heap. */
async function automaticOnly(browser: Browser, siteUrl: string, pageMs: number): Promise<BenchRow[]> {
	const auto = await productRun(browser, siteUrl, pageMs, 'auto');
	return automaticRows(pageMs, auto);
}

const STAGES = ['http response', 'http body', 'http parse', 'wait', 'map', 'account', 'write', 'diff'];

/** The worker's CPU time by stage, each stage by the product's functions that do its work. */
const CPU_STAGES: CpuStage[] = [
	{ name: 'IndexedDB write (the page cloned into the store)', functions: ['storePage'] },
	{
		name: 'rows packed and counted for the store',
		functions: ['packChunk', 'packedChunkStatsOf', 'fieldsOf']
	},
	{ name: 'body read and decode', functions: ['readBody', 'readIntoPooledBuffer', 'jsonTextOf'] },
	{ name: 'JSON parse', functions: ['send'] },
	{ name: 'CSV parse', functions: ['parseBulkCsvPage'] },
	{ name: 'mapping', functions: ['mapPage'] },
	{ name: 'hash for the diff', functions: ['hashValues'] },
	{ name: 'identifiers and dedupe', functions: ['accountPage'] },
	{ name: 'answers from memory (the benchmark itself)', functions: ['replay', 'handOverKeptBytes'] },
	{ name: 'garbage collection', functions: ['(garbage collector)'] },
	{ name: 'idle', functions: ['(idle)'] }
];

async function pipeline(browser: Browser, siteUrl: string, retrieval: Retrieval): Promise<BenchRow[]> {
	const run = await replayedRun(browser, siteUrl, retrieval);
	const perPage = (ms: number) => `${(ms / Math.max(1, run.pages)).toFixed(2)} ms/page`;
	const breakdown = STAGES.filter((stage) => run.stages[stage] !== undefined)
		.map((stage) => `${stage} ${perPage(run.stages[stage])}`)
		.join(', ');
	const per1000 = (ms: number) => ((ms * 1000) / Math.max(1, run.profiledRecords)).toFixed(2);
	const busyMs = [...run.cpu].reduce((sum, [stage, ms]) => (stage === 'idle' ? sum : sum + ms), 0);
	const cpu = [...run.cpu]
		.filter(([, ms]) => ms > 0)
		.map(([stage, ms]) => `${stage} ${per1000(ms)}`)
		.join(', ');
	return [
		{
			group: PIPELINE,
			name: `${count(PIPELINE_USERS)} users, ${retrieval}: records/s, whole run`,
			value: (run.received * 1000) / run.ms,
			unit: 'records/s',
			note: `${run.retrieval}; ${(run.ms / 1000).toFixed(2)} s from the start, the count, the plan${retrieval === 'auto' ? ' and the job (its first poll 250 ms after it is created)' : ''} included; ${run.wholeRange}; ${load()}`
		},
		{
			group: PIPELINE,
			name: `${count(PIPELINE_USERS)} users, ${retrieval}: records/s while records flow`,
			value: run.flowingRate ?? 0,
			unit: 'records/s',
			target: '≥ 150,000 records/s',
			note: `from the first page stored to the last: the pipeline parse → map → dedupe → store alone; the median of ${run.flowingRange}`
		},
		{
			group: PIPELINE,
			name: `${count(PIPELINE_USERS)} users, ${retrieval}: time per page in each stage`,
			value: run.ms / Math.max(1, run.pages),
			unit: 'ms/page (wall)',
			note: `${breakdown} (http stages summed over requests in flight together)`
		},
		{
			group: PIPELINE,
			name: `${count(PIPELINE_USERS)} users, ${retrieval}: worker busy per 1000 records`,
			value: Number(per1000(busyMs)),
			unit: 'ms per 1000 records',
			target: '≤ 6.67 (150,000 records/s)',
			note: `sampled profile, ms per 1000 records: ${cpu}`
		},
		{
			group: PIPELINE,
			name: `${count(PIPELINE_USERS)} users, ${retrieval}: search text, built after the run`,
			value: (run.searchTextMs * 1000) / Math.max(1, run.received),
			unit: 'ms per 1000 records',
			note: `${(run.searchTextMs / 1000).toFixed(1)} s after the run's ${(run.ms / 1000).toFixed(1)} s; a search before it builds the pages it reads`
		}
	];
}

export const benchParallel: Bench = async () => {
	const { browser, site, close } = await startChromiumHarness();
	const rows: BenchRow[] = [];
	// Each figure is printed as soon as it is measured: a long run stopped early keeps what it measured.
	const keep = (measured: BenchRow[]) => {
		for (const row of measured)
			console.log(`${row.name}: ${row.value.toFixed(2)} ${row.unit} ${row.note ?? ''}`);
		rows.push(...measured);
	};
	try {
		if (PART === 'all' || PART === 'pipeline')
			for (const retrieval of PIPELINE_PATHS) keep(await pipeline(browser, site.url, retrieval));
		if (PART === 'all' || PART === 'side-by-side')
			for (const pageMs of PAGE_MS) keep(await sideBySide(browser, site.url, pageMs));
		if (PART === 'automatic')
			for (const pageMs of PAGE_MS) keep(await automaticOnly(browser, site.url, pageMs));
		if (PART === 'all' || PART === 'round-trip') keep(await roundTrip(browser, site.url));
		if (PART === 'one-cursor')
			for (const pageMs of PAGE_MS)
				keep([
					...oneCursorRows(pageMs, await productRun(browser, site.url, pageMs, 'rest')),
					...commandLineRows(pageMs, await commandLineOneCursor(pageMs))
				]);
	} finally {
		await close();
	}
	return rows;
};
