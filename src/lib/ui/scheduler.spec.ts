import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Connector, RunLog } from '../core/model';
import { testConnector } from '../core/testing';
import { createDatabase, type ConnectorDatabase } from '../store/db';

const state = vi.hoisted(() => ({
	db: null as unknown as ConnectorDatabase,
	started: [] as string[],
	live: {} as Record<string, { final: { status: string; description: string } | null; error: null }>
}));

vi.mock('../store/app-db', () => ({ appDb: () => state.db }));
vi.mock('./run-controller.svelte', () => ({
	runController: {
		live: state.live,
		start: async (connectorId: string, trigger: string) => {
			state.started.push(`${connectorId}:${trigger}`);
			if (connectorId === 'busy')
				return { ok: false, error: { code: 'RUN_ALREADY_RUNNING', message: 'already running' } };
			const runId = `run-${state.started.length}`;
			state.live[runId] = { final: null, error: null };
			return { ok: true, value: runId };
		}
	}
}));

const { Scheduler } = await import('./scheduler.svelte');

const at = (hours: number, minutes = 0) => new Date(2026, 10, 16, hours, minutes).getTime();

function connector(id: string, overrides: Partial<Connector> = {}): Connector {
	return testConnector({
		id,
		name: `Connector ${id}`,
		nqlId: id,
		schedule: { kind: 'hourly', everyHours: 1 },
		credentialId: null,
		soql: 'SELECT Id FROM User',
		mapping: { identifier: { expression: 'Username', kind: 'email' }, fields: [] },
		createdAt: at(8),
		updatedAt: at(8),
		...overrides
	});
}

beforeEach(async () => {
	state.db = createDatabase({ name: `scheduler-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
	state.started.length = 0;
	for (const key of Object.keys(state.live)) delete state.live[key];
});

describe('Scheduler.tick', () => {
	it('starts each due connector once per slot, as a scheduled run', async () => {
		await state.db.connectors.bulkAdd([
			connector('a'),
			connector('manual', { schedule: { kind: 'manual' } }),
			connector('off', { active: false })
		]);
		const scheduler = new Scheduler();
		await scheduler.tick(at(10, 5));
		await scheduler.tick(at(10, 35));
		expect(state.started).toEqual(['a:schedule']);
		await scheduler.tick(at(11, 1));
		expect(state.started).toEqual(['a:schedule', 'a:schedule']);
	});

	it('does not start a connector that already ran after its slot', async () => {
		await state.db.connectors.add(connector('a'));
		await state.db.runs.add({ id: 'r', connectorId: 'a', time: at(10, 2) } as RunLog);
		await new Scheduler().tick(at(10, 30));
		expect(state.started).toEqual([]);
	});

	it('raises a notice when a scheduled run fails, and stays quiet when another tab runs it', async () => {
		await state.db.connectors.bulkAdd([connector('a'), connector('busy')]);
		const scheduler = new Scheduler();
		await scheduler.tick(at(10, 5));
		expect(scheduler.notices).toEqual([]);
		state.live['run-1'].final = { status: 'failure', description: 'Retries exhausted.' };
		await scheduler.tick(at(10, 6));
		expect(scheduler.notices).toHaveLength(1);
		expect(scheduler.notices[0]).toMatchObject({
			runId: 'run-1',
			connectorName: 'Connector a',
			message: 'Retries exhausted.'
		});
		scheduler.dismiss(scheduler.notices[0].id);
		expect(scheduler.notices).toEqual([]);
	});
});
