/**
 * Benchmarks that must run where the product runs: in a Chromium worker with the real IndexedDB.
 * The run benchmark uses the worker's own run manager and client, only the credential is a test token.
 */
import * as Comlink from 'comlink';
import type { Connector } from '../../../src/lib/core/model';
import { createSalesforceClient } from '../../../src/lib/core/salesforce';
import { packChunk } from '../../../src/lib/store/chunk-packing';
import { createDatabase } from '../../../src/lib/store/db';
import { createRunManager } from '../../../src/lib/worker/runs';
import { makeBenchRecords, measureMapping } from '../mapping';
import { benchConnector } from '../run-fields';

/** An answer kept in memory: what a replayed request gets back. */
interface KeptAnswer {
	status: number;
	headers: [string, string][];
	body: ArrayBuffer;
}

/** A request's key among the kept answers: its method, URL and body (every composite request has one URL); reads the body. */
const answerKey = async (request: Request) =>
	`${request.method} ${request.url} ${request.method === 'GET' ? '' : await request.text()}`;

/**
 * A kept answer's body as the client reads it over HTTP at least cost: a JSON page (read into the client's
 * own buffer) as a byte stream that copies the kept bytes into that buffer, as the network's pipe does (a
 * Response made from the bytes copies them into new memory first: 2.8–3.1 against 2.0–2.2 ms to read a
 * 1 MB page); any other answer (a Bulk CSV page, read as text at once) as the bytes themselves.
 */
function bodyOf(answer: KeptAnswer): BodyInit | null {
	if ([101, 204, 205, 304].includes(answer.status)) return null;
	const json = answer.headers.some(
		([name, value]) => name.toLowerCase() === 'content-type' && value.includes('json')
	);
	if (!json) return answer.body;
	return keptBytes(answer.body);
}

/** A byte stream of kept bytes: each read gets them copied into the reader's buffer. */
function keptBytes(body: ArrayBuffer): ReadableStream<Uint8Array> {
	const bytes = new Uint8Array(body);
	let sent = 0;
	const handOverKeptBytes = (controller: ReadableByteStreamController) => {
		const request = controller.byobRequest;
		if (sent === bytes.length) {
			controller.close();
			request?.respond(0);
		} else if (request?.view) {
			const { buffer, byteOffset, byteLength } = request.view;
			const length = Math.min(byteLength, bytes.length - sent);
			new Uint8Array(buffer, byteOffset, length).set(bytes.subarray(sent, sent + length));
			sent += length;
			request.respond(length);
		} else {
			controller.enqueue(bytes.slice(sent));
			sent = bytes.length;
		}
	};
	return new ReadableStream({ type: 'bytes', pull: handOverKeptBytes });
}

/**
 * A fetch that goes to the network and keeps every answer (the last one per method and URL: a polled Bulk
 * job is kept in its final state), and a fetch that gives the kept answers back from memory: a run replayed
 * through it meets the network and the server at 0 ms, so only the client's own work is timed.
 */
function answerRecorder() {
	const answers = new Map<string, KeptAnswer>();
	const respond = (answer: KeptAnswer) =>
		new Response(bodyOf(answer), { status: answer.status, headers: answer.headers });
	return {
		async record(request: Request): Promise<Response> {
			// The key reads the body: a copy of the request goes to the network.
			const key = await answerKey(request.clone());
			const response = await fetch(request);
			const answer = {
				status: response.status,
				headers: [...response.headers],
				body: await response.arrayBuffer()
			};
			answers.set(key, answer);
			return respond(answer);
		},
		async replay(request: Request): Promise<Response> {
			const key = await answerKey(request);
			const answer = answers.get(key);
			if (!answer) throw new Error(`no kept answer for ${key.slice(0, 300)}`);
			return respond(answer);
		}
	};
}

type RunInput = {
	instanceUrl: string;
	token: string;
	retrieval: NonNullable<Connector['retrieval']>;
	/** Return once the run has ended, without waiting for its search text (a profiled run stops there). */
	skipSearchText?: boolean;
	/** Query pages through the Composite resource, as the app's worker asks a real org; default true. */
	pagesThroughComposite?: boolean;
};

/** One whole run of the real run manager through `send`, with the time spent in each stage. */
async function timedRun(input: RunInput, network: (request: Request) => Promise<Response>) {
	const sentAt: number[] = [];
	const send = (request: Request) => {
		sentAt.push(performance.now());
		return network(request);
	};
	const db = createDatabase({ name: `bench-run-${Date.now()}` });
	await db.connectors.put(benchConnector(input.retrieval));
	const stages: Record<string, number> = {};
	const add = (stage: string, ms: number) => (stages[stage] = (stages[stage] ?? 0) + ms);
	const client = createSalesforceClient({
		fetch: send,
		instanceUrl: input.instanceUrl,
		apiVersion: '66.0',
		getAccessToken: async () => input.token,
		pagesThroughComposite: input.pagesThroughComposite ?? true,
		onStageTime: (stage, ms) => add(`http ${stage}`, ms)
	});
	const manager = createRunManager({
		db: () => db,
		onStageTime: add,
		connect: async () => ({
			client,
			instanceUrl: input.instanceUrl,
			apiVersion: '66.0',
			orgKey: 'bench',
			fetch: send,
			accessToken: async () => input.token
		})
	});
	const started = performance.now();
	// The first page stored: from there on records flow, after the count, the plan and (Bulk) the job.
	let firstStored: { at: number; received: number } | null = null;
	const result = await manager.startRun('bench', 'manual', {
		progress(_, progress) {
			if (firstStored === null && progress.received > 0)
				firstStored = { at: performance.now(), received: progress.received };
		}
	});
	const ms = performance.now() - started;
	if (!input.skipSearchText) await manager.searchTextsBuilt();
	const searchTextMs = performance.now() - started - ms;
	await db.delete();
	if (!result.ok) throw new Error(result.error.message);
	const log = result.value;
	return {
		ms,
		status: log.status,
		received: log.receivedRows,
		processed: log.processedRows,
		pages: log.pages,
		retrieval: log.retrieval ?? '',
		stages,
		searchTextMs,
		/** Records per second from the first page stored to the end: the pipeline's steady rate. */
		flowingRate: flowingRate(firstStored, log.receivedRows, started + ms),
		requestGaps: medianAndP90(sentAt.slice(1).map((at, index) => at - sentAt[index]))
	};
}

/** Records per second after the first page stored (null when the run stored one page or none). */
function flowingRate(
	first: { at: number; received: number } | null,
	received: number,
	endedAt: number
): number | null {
	if (!first || received <= first.received || endedAt <= first.at) return null;
	return ((received - first.received) * 1000) / (endedAt - first.at);
}

/** The median and 90th percentile of some durations (milliseconds), 0 for none. */
function medianAndP90(durations: number[]): { median: number; p90: number } {
	const sorted = [...durations].sort((a, b) => a - b);
	const at = (fraction: number) => sorted[Math.floor(fraction * (sorted.length - 1))] ?? 0;
	return { median: at(0.5), p90: at(0.9) };
}

/** The answers the last `recordAnswers` run kept. */
let recorded: ReturnType<typeof answerRecorder> | null = null;

const api = {
	/** The mapping benchmark of tests/bench/mapping.ts, here in the worker. */
	mapping(records: number) {
		return measureMapping(makeBenchRecords(records), 'Chromium worker');
	},

	/** Writes `chunks` result chunks of 2000 mapped rows to the real IndexedDB, one transaction each. */
	async storage(chunks: number) {
		const db = createDatabase({ name: `bench-storage-${Date.now()}` });
		const records = makeBenchRecords(2000);
		const rows = records.map((record, index) => ({
			id: String(record.Id),
			identifier: String(record.Username),
			values: { email: record.Email, title: record.Title, department: record.Department, index },
			hash: index
		}));
		const started = performance.now();
		for (let page = 0; page < chunks; page++)
			await db.transaction('rw', db.chunks, db.checkpoints, async () => {
				await db.chunks.put(packChunk('bench', page, rows));
				await db.checkpoints.put({ runId: 'bench', updatedAt: Date.now(), checkpoint: { page } });
			});
		const ms = performance.now() - started;
		await db.delete();
		return { rows: chunks * rows.length, ms };
	},

	/**
	 * A whole run of the real run manager against the emulator over HTTP, with the time spent in each
	 * stage (summed over pages; stages overlap, so they add up to more than the wall time).
	 */
	run(input: RunInput) {
		return timedRun(input, (request) => fetch(request));
	},

	/**
	 * The first half of measuring the client pipeline alone: a run over HTTP that keeps every answer, in
	 * the worker's memory, for `replayedRun`.
	 */
	async recordAnswers(input: RunInput) {
		recorded = answerRecorder();
		await timedRun(input, recorded.record);
	},

	/** A run on a fresh database fed from memory with the answers `recordAnswers` kept (network and server at 0 ms). */
	replayedRun(input: RunInput) {
		if (!recorded) throw new Error('recordAnswers first');
		return timedRun(input, recorded.replay);
	}
};

/** The benchmark worker's API. */
export type BenchWorker = typeof api;

Comlink.expose(api);
