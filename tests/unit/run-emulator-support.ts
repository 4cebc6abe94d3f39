/**
 * Shared set-up of the run-against-the-emulator tests: a base connector, an emulator org with a client
 * that refreshes its token, the direct COUNT() a run reconciles with, and a run with the real mapping.
 */
import { composeQuery, parseQuery } from '@jetstreamapp/soql-parser-js';
import { expect } from 'vitest';
import { compileMapping } from '$lib/core/mapping';
import {
	applyConnectorFilters,
	executeRun,
	type ExecuteRunOptions,
	type RunRow,
	type RunSink
} from '$lib/core/run';
import { createSalesforceClient, type SalesforceClientOptions } from '$lib/core/salesforce';
import { createEmulator, type Emulator } from '$lib/emulator';
import { emulatorClient } from './emulator-client';
import type { FaultRule } from '$lib/emulator/faults';

/** The connector fields a run reads. */
type RunConnector = ExecuteRunOptions['connector'];

/** A connector over User fields, parents and a computed label, keyed by e-mail. */
export const baseConnector: RunConnector = {
	soql: 'SELECT Id, Username, Email, IsActive, Department, Manager.Email FROM User',
	userStatus: 'all',
	companyDomains: ['*'],
	batchSize: 200,
	includeDeleted: false,
	mapping: {
		identifier: { expression: 'Email', kind: 'email' },
		fields: [
			{ source: 'Username', target: 'upn', description: '' },
			{ source: 'Department', target: 'department', description: '' },
			{ source: 'Manager.Email', target: 'manager', description: '' },
			{ source: "$uppercase(Department) & ' / ' & Username", target: 'label', description: '' }
		]
	}
};

/** An emulator org of `users` with faults, and a client over it that counts refreshes, waits and requests. */
export function setup(users: number, faults: FaultRule[] = [], extra: Partial<SalesforceClientOptions> = {}) {
	const emulator = createEmulator({ users, seed: 11, faults });
	return { emulator, ...emulatorClient(emulator, { extra }) };
}

/** The same filters as a run, as SELECT COUNT(): the number a run must reconcile with. */
export async function directCount(emulator: Emulator, connector: RunConnector): Promise<number> {
	const query = parseQuery(applyConnectorFilters(connector.soql, connector));
	query.fields = [{ type: 'FieldFunctionExpression', functionName: 'COUNT', parameters: [] }];
	const client = createSalesforceClient({
		fetch: (request) => emulator.handle(request),
		instanceUrl: emulator.options.instanceUrl,
		apiVersion: '65.0',
		getAccessToken: async () => emulator.adminToken
	});
	const answer = connector.includeDeleted
		? await client.queryAll(composeQuery(query))
		: await client.query(composeQuery(query));
	return answer.totalSize;
}

/** Runs the connector with the real mapping engine into the sink. */
export function run(
	client: ExecuteRunOptions['client'],
	connector: RunConnector,
	sink: RunSink,
	extra: Partial<ExecuteRunOptions> = {}
) {
	return executeRun({
		runId: 'run-1',
		connector,
		client,
		mapping: compileMapping(connector.mapping),
		sink,
		...extra
	});
}

/** Fails when two rows share an Id. */
export function expectNoDuplicateIds(rows: RunRow[]) {
	expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
}
