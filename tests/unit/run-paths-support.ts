/** Shared set-up of the run-path tests: an emulator org, a client with refresh, a run on a chosen path. */
import { expect } from 'vitest';
import { compileMapping } from '$lib/core/mapping';
import type { RetrievalMode } from '$lib/core/model';
import {
	bulkRetrievalFor,
	countQuery,
	executeRun,
	prepareRunQuery,
	type ExecuteRunOptions,
	type RunRow
} from '$lib/core/run';
import { memorySink } from '$lib/core/run/memory-sink';
import { createSalesforceClient, type SalesforceClient } from '$lib/core/salesforce';
import { createEmulator, type Emulator, type EmulatorOptions } from '$lib/emulator';
import { emulatorClient } from './emulator-client';
import type { FaultRule } from '$lib/emulator/faults';

/** A connector over 7 user fields, parents and dates included. */
export const connector = {
	soql: 'SELECT Id, Username, Email, IsActive, Department, Manager.Email, CreatedDate FROM User',
	userStatus: 'all' as const,
	companyDomains: ['*'],
	batchSize: 2000,
	includeDeleted: false,
	mapping: {
		identifier: { expression: 'Username', kind: 'upn' as const },
		fields: [
			{ source: 'Email', target: 'mail', description: '' },
			{ source: 'IsActive', target: 'active', description: '' },
			{ source: 'Department', target: 'department', description: '' },
			{ source: 'Manager.Email', target: 'manager', description: '' },
			{ source: 'CreatedDate', target: 'created', description: '' }
		]
	}
};

/** An org of `users` users (Bulk pages of 2000 unless `options` say otherwise), and a client that refreshes its token. */
export function setup(users: number, faults: FaultRule[] = [], options: EmulatorOptions = {}) {
	const emulator = createEmulator({ users, seed: 7, faults, bulkPageRecords: 2000, ...options });
	return { emulator, ...emulatorClient(emulator) };
}

/** The COUNT() of a query, asked directly. */
export async function count(emulator: Emulator, soql = connector.soql): Promise<number> {
	const direct = createSalesforceClient({
		fetch: (request) => emulator.handle(request),
		instanceUrl: emulator.options.instanceUrl,
		apiVersion: '65.0',
		getAccessToken: async () => emulator.adminToken
	});
	return (await direct.query(countQuery(prepareRunQuery(soql).soql))).totalSize;
}

/** A run of the connector on a path (Bulk polling at once), with its memory sink. */
export function run(
	client: SalesforceClient,
	retrieval: RetrievalMode,
	extra: Partial<ExecuteRunOptions> = {},
	sink = memorySink()
) {
	return {
		sink,
		outcome: executeRun({
			runId: 'run',
			connector: { ...connector, retrieval },
			client,
			bulk: bulkRetrievalFor(client, { pollIntervalMs: 1, sleep: async () => undefined }),
			mapping: compileMapping(connector.mapping),
			sink: sink.sink,
			...extra
		})
	};
}

/** Exactly `total` rows, no Id twice. */
export function expectExactly(rows: RunRow[], total: number) {
	const ids = rows.map((row) => row.id);
	expect(ids).toHaveLength(total);
	expect(new Set(ids).size).toBe(total);
}
