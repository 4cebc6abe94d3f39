/**
 * Benchmarks that must run where the product runs: in a Chromium worker with the real IndexedDB.
 * The run benchmark uses the worker's own run manager and client, only the credential is a test token.
 */
import * as Comlink from 'comlink';
import type { Connector } from '../../../src/lib/core/model';
import { createSalesforceClient } from '../../../src/lib/core/salesforce';
import { createDatabase } from '../../../src/lib/store/db';
import { createRunManager } from '../../../src/lib/worker/runs';
import { makeBenchRecords, measureMapping } from '../mapping';
import { RUN_FIELDS } from '../run-fields';

function benchConnector(retrieval: NonNullable<Connector['retrieval']>): Connector {
	return {
		id: 'bench',
		name: 'Benchmark',
		nqlId: 'benchmark',
		description: '',
		template: 'Custom',
		schedule: { kind: 'manual' },
		active: true,
		credentialId: 'bench',
		soql: `SELECT ${RUN_FIELDS.join(', ')} FROM User`,
		userStatus: 'all',
		companyDomains: ['*'],
		batchSize: 2000,
		includeDeleted: false,
		latestLogin: false,
		retrieval,
		mapping: {
			identifier: { expression: 'Username', kind: 'upn' },
			fields: RUN_FIELDS.filter((field) => field !== 'Username').map((field) => ({
				source: field,
				target: field.toLowerCase(),
				description: ''
			}))
		},
		createdAt: 0,
		updatedAt: 0
	};
}

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
				await db.chunks.put({ runId: 'bench', page, rows });
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
	async run(input: { instanceUrl: string; token: string; retrieval: NonNullable<Connector['retrieval']> }) {
		const db = createDatabase({ name: `bench-run-${Date.now()}` });
		await db.connectors.put(benchConnector(input.retrieval));
		const stages: Record<string, number> = {};
		const add = (stage: string, ms: number) => (stages[stage] = (stages[stage] ?? 0) + ms);
		const client = createSalesforceClient({
			fetch: (request) => fetch(request),
			instanceUrl: input.instanceUrl,
			apiVersion: '66.0',
			getAccessToken: async () => input.token,
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
				fetch: (request) => fetch(request),
				accessToken: async () => input.token
			})
		});
		const started = performance.now();
		const result = await manager.startRun('bench', 'manual');
		const ms = performance.now() - started;
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
			stages
		};
	}
};

/** The benchmark worker's API. */
export type BenchWorker = typeof api;

Comlink.expose(api);
