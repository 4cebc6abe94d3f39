import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { RunLog } from '../core/model';
import { CONNECTOR_TEMPLATES, connectorFromTemplate } from '../core/templates';
import {
	deleteConnector,
	deletionImpact,
	duplicateConnector,
	importConnector,
	listConnectorSummaries,
	saveConnector
} from './connectors';
import { createDatabase } from './db';

function database() {
	return createDatabase({ name: `connectors-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
}

function connector(id: string, nqlId: string, name = nqlId) {
	return connectorFromTemplate(CONNECTOR_TEMPLATES[1], { id, name, nqlId, credentialId: 'demo', now: 10 });
}

function run(id: string, connectorId: string, time: number, status: RunLog['status'] = 'success'): RunLog {
	return {
		id,
		connectorId,
		time,
		status,
		name: 'n',
		description: '',
		connector: 'Identity minimal',
		credentials: 'Demo',
		credentialsId: 'demo',
		nqlId: 'x',
		receivedRows: 5,
		processedRows: 5,
		startedAt: time,
		finishedAt: time + 1,
		pages: 1,
		skipped: 0,
		duplicates: 0,
		errorCode: null,
		totalSize: 5,
		trigger: 'manual',
		soql: 'SELECT Id FROM User',
		skippedReasons: {},
		duplicatesSample: [],
		diff: null,
		columns: []
	};
}

describe('connector store', () => {
	it('saves a valid connector and lists it with its newest run', async () => {
		const db = database();
		const saved = await saveConnector(db, connector('a', 'sales'), 50);
		expect(saved.ok && saved.connector.updatedAt).toBe(50);
		await db.runs.bulkAdd([run('r1', 'a', 100, 'failure'), run('r2', 'a', 300), run('r3', 'a', 200)]);
		const [summary] = await listConnectorSummaries(db);
		expect(summary.connector.nqlId).toBe('sales');
		expect(summary.lastRun?.id).toBe('r2');
	});

	it('lists every schema problem and stores nothing', async () => {
		const db = database();
		const result = await saveConnector(db, { ...connector('a', 'sales'), name: '', batchSize: 5 });
		expect(result.ok).toBe(false);
		if (!result.ok)
			expect(result.problems.map((problem) => problem.path).sort()).toEqual(['batchSize', 'name']);
		expect(await db.connectors.count()).toBe(0);
	});

	it('keeps NQL IDs unique and locks them after the first save', async () => {
		const db = database();
		await saveConnector(db, connector('a', 'sales'));
		const clash = await saveConnector(db, connector('b', 'sales'));
		expect(clash.ok).toBe(false);
		if (!clash.ok) expect(clash.problems[0]).toMatchObject({ path: 'nqlId', message: /already used/ });
		const renamed = await saveConnector(db, connector('a', 'marketing'));
		expect(renamed.ok).toBe(false);
		if (!renamed.ok) expect(renamed.problems[0].message).toMatch(/cannot change after the first save/);
		expect((await db.connectors.get('a'))?.nqlId).toBe('sales');
	});

	it('duplicates under a new NQL ID, inactive', async () => {
		const db = database();
		await saveConnector(db, { ...connector('a', 'sales', 'Sales'), active: true });
		const copy = await duplicateConnector(db, 'a', 'b', 99);
		expect(copy).toMatchObject({
			id: 'b',
			name: 'Sales (copy)',
			nqlId: 'sales_copy',
			active: false,
			createdAt: 99
		});
		expect(await duplicateConnector(db, 'missing', 'c')).toBeNull();
	});

	it('deletes a connector with its runs, chunks, diffs and checkpoints, and nothing of others', async () => {
		const db = database();
		await saveConnector(db, connector('a', 'sales'));
		await saveConnector(db, connector('b', 'other'));
		await db.runs.bulkAdd([run('r1', 'a', 1), run('r2', 'a', 2), run('r3', 'b', 3)]);
		await db.chunks.bulkAdd([
			{ runId: 'r1', page: 0, rows: [] },
			{ runId: 'r1', page: 1, rows: [] },
			{ runId: 'r3', page: 0, rows: [] }
		]);
		await db.diffs.add({ runId: 'r2', page: 0, entries: [] });
		await db.checkpoints.add({ runId: 'r2', updatedAt: 1, checkpoint: {} });
		const expected = { runs: 2, resultChunks: 2, diffPages: 1, checkpoints: 1 };
		expect(await deletionImpact(db, 'a')).toEqual(expected);
		expect(await deleteConnector(db, 'a')).toEqual(expected);
		expect(await db.connectors.toCollection().primaryKeys()).toEqual(['b']);
		expect(await db.runs.toCollection().primaryKeys()).toEqual(['r3']);
		expect(await db.chunks.count()).toBe(1);
		expect(await db.diffs.count()).toBe(0);
		expect(await db.checkpoints.count()).toBe(0);
	});

	it('imports a connector exactly, refusing a taken id or NQL ID', async () => {
		const db = database();
		const original = connector('a', 'sales');
		expect(await importConnector(db, original)).toEqual({ ok: true, connector: original });
		expect(await db.connectors.get('a')).toEqual(original);
		const again = await importConnector(db, original);
		expect(again.ok).toBe(false);
		const sameNqlId = await importConnector(db, connector('z', 'sales'));
		expect(sameNqlId.ok).toBe(false);
		if (!sameNqlId.ok) expect(sameNqlId.problems[0].path).toBe('nqlId');
	});
});
