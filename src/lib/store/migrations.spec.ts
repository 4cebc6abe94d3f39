import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './db';
import { SCHEMA_VERSIONS } from './schema';
import { isQuotaError, storageError } from './errors';
import { indexResults } from './results';
import { selectRows } from './row-selection';

const latest = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1].version;

function connectorV1(index: number) {
	return {
		id: `c${index}`,
		name: `Connector ${index}`,
		nqlId: `connector_${index}`,
		description: '',
		template: 'Custom',
		schedule: { kind: 'manual' },
		active: true,
		credentialId: null,
		soql: 'SELECT Id, Email FROM User',
		userStatus: 'active',
		companyDomains: ['*'],
		batchSize: 2000,
		includeDeleted: false,
		mapping: {
			identifier: { expression: 'Email', kind: 'email' },
			fields: [
				{ source: 'Department', target: 'department', description: '' },
				{ source: 'Title', target: 'title', description: '' }
			]
		},
		createdAt: 1,
		updatedAt: 1
	};
}

/** A run log as version 1 stored it: no `columns`, no `diff`. */
function runV1(index: number, connectorId: string) {
	return {
		id: `r${index}`,
		connectorId,
		time: 1000 + index,
		status: 'success',
		name: 'Connector',
		description: '',
		connector: 'Custom',
		credentials: 'Demo org',
		credentialsId: null,
		nqlId: 'connector_0',
		receivedRows: 10,
		processedRows: 10,
		startedAt: 1000 + index,
		finishedAt: 2000 + index,
		pages: 1,
		skipped: 0,
		duplicates: 0,
		errorCode: null,
		totalSize: 10,
		trigger: 'manual',
		soql: 'SELECT Id FROM User',
		skippedReasons: {},
		duplicatesSample: []
	};
}

describe('schema migrations (Q26)', () => {
	it(`opens a version 1 database with data at version ${latest}, migrating every row`, async () => {
		const indexedDB = new IDBFactory();
		const old = createDatabase({ indexedDB, IDBKeyRange, upToVersion: 1 });
		await old.table('connectors').bulkAdd([connectorV1(0), connectorV1(1)]);
		await old.table('runs').bulkAdd(Array.from({ length: 25 }, (_, i) => runV1(i, `c${i % 2}`)));
		await old.table('chunks').bulkAdd([
			{
				runId: 'r0',
				page: 0,
				rows: [{ id: '005A', identifier: 'a@x.com', values: { department: 'Sales' }, hash: 1 }]
			}
		]);
		await old.table('settings').put({ key: 'keepRuns', value: 5 });
		expect(old.verno).toBe(1);
		old.close();

		const current = createDatabase({ indexedDB, IDBKeyRange });
		await current.open();
		expect(current.verno).toBe(latest);
		expect(await current.connectors.count()).toBe(2);
		expect(await current.runs.count()).toBe(25);
		expect(await current.chunks.count()).toBe(1);
		expect((await current.settings.get('keepRuns'))?.value).toBe(5);
		const runs = await current.runs.toArray();
		for (const run of runs) {
			expect(run.columns).toEqual(['email', 'department', 'title']);
			expect(run.diff).toBeNull();
		}
		expect(await current.secrets.count()).toBe(0);
		expect(await current.diffs.count()).toBe(0);
		current.close();
	});

	it('gives the pages of a version 2 run their stats and search text once, when the run is first read', async () => {
		const indexedDB = new IDBFactory();
		const old = createDatabase({ indexedDB, IDBKeyRange, upToVersion: 2 });
		const rowsOfPage = (page: number) =>
			Array.from({ length: 3 }, (_, at) => ({
				id: `005${page}${at}`,
				identifier: `User${page}${at}@x.com`,
				values: { department: at === 0 ? null : `Dept ${page}`, title: 'Rep' },
				hash: at
			}));
		await old.table('runs').add({ ...runV1(0, 'c0'), columns: ['email', 'department', 'title'], diff: null });
		await old.table('chunks').bulkAdd([1, 2].map((page) => ({ runId: 'r0', page, rows: rowsOfPage(page) })));
		old.close();

		const current = createDatabase({ indexedDB, IDBKeyRange });
		await current.open();
		expect(current.verno).toBe(3);
		expect(await current.chunkStats.count()).toBe(0);
		const columns = ['email', 'department', 'title'];
		const index = await indexResults(current, 'r0', columns);
		expect(index.total).toBe(6);
		expect(index.filled).toEqual({ email: 6, department: 4, title: 6 });
		const stored = await current.chunkStats.where('runId').equals('r0').toArray();
		expect(stored.map((stats) => [stats.page, stats.count])).toEqual([
			[1, 3],
			[2, 3]
		]);
		expect([...((await selectRows(current, index, columns, { search: 'user21' })) ?? [])]).toEqual([4]);
		expect(await current.chunkText.count()).toBe(2);
		await current.chunks.put({ runId: 'r0', page: 1, rows: [] });
		expect((await indexResults(current, 'r0', columns)).total).toBe(6);
		current.close();
	});

	it('closes a connection still on the old version and tells it to reload', async () => {
		const indexedDB = new IDBFactory();
		let told = 0;
		const oldTab = createDatabase({
			indexedDB,
			IDBKeyRange,
			upToVersion: latest - 1,
			onVersionChange: () => told++
		});
		await oldTab.open();
		const newTab = createDatabase({ indexedDB, IDBKeyRange });
		await newTab.open();
		expect(told).toBe(1);
		expect(oldTab.isOpen()).toBe(false);
		await expect(oldTab.connectors.count()).rejects.toThrow();
		expect(storageError({ name: 'DatabaseClosedError', message: 'closed' }).code).toBe(
			'STORAGE_VERSION_CHANGED'
		);
		newTab.close();
	});
});

describe('storage errors (Q25)', () => {
	it('recognises QuotaExceededError directly and as the inner cause of an AbortError', () => {
		expect(isQuotaError({ name: 'QuotaExceededError' })).toBe(true);
		expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
		expect(isQuotaError({ name: 'AbortError' })).toBe(false);
		const error = storageError(
			{ name: 'AbortError', inner: { name: 'QuotaExceededError' } },
			{ usage: 2e9, quota: 2e9 }
		);
		expect(error.code).toBe('STORAGE_QUOTA');
		expect(error.message).toContain('2.0 GB used of 2.0 GB');
	});
});
