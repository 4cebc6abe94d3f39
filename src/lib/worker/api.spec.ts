import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { SessionCustody } from '../auth/custody';
import { testConnector } from '../core/testing';
import type { Connector, RunLog } from '../core/model';
import { createEmulator, DEMO_INSTANCE_URL } from '../emulator';
import { unpackChunk } from '../store/chunk-packing';
import { createDatabase, type ConnectorDatabase } from '../store/db';
import { createWorkerApi } from './api';
import { DEMO_CREDENTIAL_ID, demoCredential } from '../demo';

const USERS = 3_000;

function connector(overrides: Partial<Connector> = {}): Connector {
	return testConnector({
		template: 'Identity minimal',
		soql: 'SELECT Id, Email, Department, Title, Manager.Email FROM User',
		batchSize: 500,
		mapping: {
			identifier: { expression: 'Email', kind: 'email' },
			fields: [
				{ source: 'Department', target: 'department', description: '' },
				{ source: 'Title', target: 'title', description: '' },
				{ source: 'Manager.Email', target: 'manager_email', description: '' }
			]
		},
		...overrides
	});
}

let db: ConnectorDatabase;
let api: ReturnType<typeof createWorkerApi>;

beforeEach(async () => {
	db = createDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
	await db.settings.put({ key: 'demoOrg', value: { users: USERS, changes: [] } });
	await db.credentials.put(demoCredential(1));
	api = createWorkerApi({
		database: () => db,
		fetch: () => Promise.reject(new TypeError('no network in this test')),
		custody: new SessionCustody({
			database: () => db,
			fetch: () => Promise.reject(new TypeError('no network'))
		})
	});
});

/** Rows stored for a run, counted chunk by chunk, with the identifiers seen twice. */
async function storedRows(runId: string) {
	const chunks = (await db.chunks.where('runId').equals(runId).toArray()).map(unpackChunk);
	const identifiers = chunks.flatMap((chunk) => chunk.rows.map((row) => row.identifier.toLowerCase()));
	return { rows: identifiers.length, chunks: chunks.length, distinct: new Set(identifiers).size };
}

/** COUNT() of the demo org's users, asked of an emulator built the same way (same size and seed). */
async function countOnDemoOrg(): Promise<number> {
	const emulator = createEmulator({ users: USERS, seed: 1, instanceUrl: DEMO_INSTANCE_URL });
	const response = await emulator.handle(
		new Request(
			`${DEMO_INSTANCE_URL}/services/data/v66.0/query?q=${encodeURIComponent('SELECT COUNT() FROM User')}`,
			{
				headers: { Authorization: `Bearer ${emulator.adminToken}` }
			}
		)
	);
	return ((await response.json()) as { totalSize: number }).totalSize;
}

describe('worker runs against the demo org', () => {
	it('runs every page into the store, and the log reconciles with the org and the stored rows', async () => {
		await db.connectors.put(connector());
		const progress: number[] = [];
		let started = '';
		const result = await api.startRun('c1', 'manual', {
			started: (log) => (started = log.id),
			progress: (_, update) => progress.push(update.received)
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const log = result.value;
		expect(log.id).toBe(started);
		expect(log.status).toBe('success');
		expect(log.totalSize).toBe(await countOnDemoOrg());
		expect(log.receivedRows).toBe(log.totalSize);
		expect(log.processedRows + log.skipped + log.duplicates).toBe(log.receivedRows);
		expect(log.pages).toBe(Math.ceil(log.receivedRows / 500));
		expect(log.columns).toEqual(['email', 'department', 'title', 'manager_email']);
		const stored = await storedRows(log.id);
		expect(stored).toEqual({ rows: log.processedRows, chunks: log.pages, distinct: log.processedRows });
		expect(progress.at(-1)).toBe(log.receivedRows);
		expect(await db.checkpoints.get(log.id)).toBeUndefined();
		expect((await db.runs.get(log.id))?.status).toBe('success');
		await api.searchTextsBuilt();
		expect(await db.chunkText.where('runId').equals(log.id).count()).toBe(log.pages);
	});

	it('diffs a second run against the first after the org changed, and stores the entries by pages of 100', async () => {
		await db.connectors.put(connector());
		const first = await api.startRun('c1', 'manual');
		await api.changeDemoOrg({ added: 40, removed: 25, changed: 30 });
		const second = await api.startRun('c1', 'manual');
		if (!first.ok || !second.ok) throw new Error('runs failed');
		const diff = second.value.diff;
		expect(diff?.previousRunId).toBe(first.value.id);
		if (!diff) return;
		expect(diff.added).toBeGreaterThanOrEqual(1);
		expect(diff.removed).toBeGreaterThanOrEqual(1);
		expect(diff.changed).toBeGreaterThanOrEqual(1);
		expect(diff.unchanged + diff.changed + diff.added).toBe(second.value.processedRows);
		expect(diff.unchanged + diff.changed + diff.removed).toBe(first.value.processedRows);
		const pages = await db.diffs.where('runId').equals(second.value.id).sortBy('page');
		const entries = pages.flatMap((page) => page.entries);
		expect(pages.every((page, index) => page.entries.length === 100 || index === pages.length - 1)).toBe(
			true
		);
		expect(entries.filter((entry) => entry.kind === 'added')).toHaveLength(diff.added);
		expect(entries.filter((entry) => entry.kind === 'removed')).toHaveLength(diff.removed);
		const changed = entries.filter((entry) => entry.kind === 'changed');
		expect(changed).toHaveLength(diff.changed);
		for (const entry of changed) expect(entry.fields?.length).toBeGreaterThan(0);
	});

	it('fails before any request with "Invalid JSONata expression for field" (Q19)', async () => {
		await db.connectors.put(
			connector({
				mapping: {
					identifier: { expression: 'Email', kind: 'email' },
					fields: [{ source: 'Department &', target: 'department', description: '' }]
				}
			})
		);
		const result = await api.startRun('c1', 'manual');
		expect(result.ok && result.value.status).toBe('failure');
		if (!result.ok) return;
		expect(result.value.errorCode).toBe('MAPPING_INVALID');
		expect(result.value.description).toContain('Invalid JSONata expression for');
		expect(result.value.description).toContain('department');
		expect(result.value.receivedRows).toBe(0);
		expect(await db.chunks.count()).toBe(0);
	});

	it('cancels after a page, keeps a consistent checkpoint, and resumes to the same result with no duplicates', async () => {
		await db.connectors.put(connector({ batchSize: 200 }));
		let runId = '';
		// Each page's log counters are written in the page's transaction: cancel while the second page is stored.
		db.runs.hook('updating', (changes: Partial<RunLog>) => {
			if (changes.pages === 2) api.cancelRun(runId);
		});
		const run = await api.startRun('c1', 'manual', { started: (log) => (runId = log.id) });
		if (!run.ok) throw new Error(run.error.message);
		expect(run.value.status).toBe('cancelled');
		const partway = await storedRows(run.value.id);
		expect(partway.rows).toBe(run.value.processedRows);
		expect(partway.chunks).toBe(run.value.pages);
		expect(run.value.receivedRows).toBeLessThan(run.value.totalSize ?? 0);
		expect(await db.checkpoints.get(run.value.id)).toBeDefined();

		const resumed = await api.resumeRun(run.value.id);
		if (!resumed.ok) throw new Error(resumed.error.message);
		expect(resumed.value.id).toBe(run.value.id);
		expect(resumed.value.status).toBe('success');
		expect(resumed.value.receivedRows).toBe(await countOnDemoOrg());
		const stored = await storedRows(run.value.id);
		expect(stored.rows).toBe(resumed.value.processedRows);
		expect(stored.distinct).toBe(stored.rows);
	});

	it('marks a run left running by a closed tab as paused, ready to resume (Q24)', async () => {
		await db.connectors.put(connector());
		let runId = '';
		db.runs.hook('updating', (changes: Partial<RunLog>) => {
			if (changes.pages === 1) api.cancelRun(runId);
		});
		const run = await api.startRun('c1', 'manual', { started: (log) => (runId = log.id) });
		if (!run.ok) throw new Error('run failed');
		await db.runs.update(run.value.id, { status: 'running' });
		expect(await api.recoverInterrupted()).toBe(1);
		const recovered = await db.runs.get(run.value.id);
		expect(recovered?.status).toBe('paused');
		expect(recovered?.description).toMatch(/Interrupted after page \d+.*Resume/);
	});

	it('keeps the results of the newest runs only, and every log', async () => {
		await db.settings.put({ key: 'keepRuns', value: 1 });
		await db.connectors.put(
			connector({
				soql: 'SELECT Id, Email FROM User LIMIT 300',
				mapping: { identifier: { expression: 'Email', kind: 'email' }, fields: [] }
			})
		);
		const first = await api.startRun('c1', 'manual');
		const second = await api.startRun('c1', 'manual');
		if (!first.ok || !second.ok) throw new Error('runs failed');
		expect(await db.runs.count()).toBe(2);
		expect(await db.chunks.where('runId').equals(first.value.id).count()).toBe(0);
		expect(await db.chunks.where('runId').equals(second.value.id).count()).toBeGreaterThan(0);
	});

	it('reports a run of a real credential that is not signed in as a failure a person can act on', async () => {
		await db.credentials.put({ ...demoCredential(1), id: 'prod', kind: 'pkce', label: 'Production' });
		await db.connectors.put(connector({ credentialId: 'prod' }));
		const result = await api.startRun('c1', 'manual');
		expect(result.ok && result.value.status).toBe('failure');
		if (result.ok) {
			expect(result.value.errorCode).toBe('AUTH_SIGN_IN_AGAIN');
			expect(result.value.credentials).toBe('Production');
		}
	});
});

describe('worker workspace', () => {
	it('tests a connector on a few records through the real client and mapping', async () => {
		const report = await api.testConnector(connector(), 5);
		expect(report.ok).toBe(true);
		if (!report.ok) return;
		expect(report.value.status).toBe(200);
		expect(report.value.records).toHaveLength(5);
		expect(report.value.soql).toMatch(/LIMIT 5$/);
		expect(report.value.records[0].attributes).toMatchObject({ type: 'User' });
		for (const row of report.value.rows)
			expect(row.identifier === null ? row.skipReason : row.identifier).toBeTruthy();
	});

	it('gives the Salesforce error with its position for a broken query (Q10)', async () => {
		const report = await api.testConnector({
			...connector(),
			soql: "SELECT Id, Email FROM User WHERE Name = 'x"
		});
		expect(report.ok).toBe(false);
		if (!report.ok) expect(report.error.code).toBe('SF_MALFORMED_QUERY');
	});

	it('names the unknown field (Q11)', async () => {
		const report = await api.testConnector({
			...connector(),
			soql: 'SELECT Id, Email, Nickname__x FROM User'
		});
		expect(report.ok).toBe(false);
		if (!report.ok) {
			expect(report.error.code).toBe('SF_INVALID_FIELD');
			expect(report.error.message).toContain('Nickname__x');
		}
	});

	it('previews a mapping on sample records and reports per-field errors', async () => {
		const records = [
			{
				attributes: { type: 'User' },
				Id: '005A',
				Email: ' Ann@Example.com ',
				Department: 'Sales',
				Manager: null
			},
			{
				attributes: { type: 'User' },
				Id: '005B',
				Email: null,
				Department: null,
				Manager: { Email: 'm@example.com' }
			}
		];
		const preview = await api.previewMapping(
			{
				identifier: { expression: 'Email', kind: 'email' },
				fields: [
					{ source: '$lowercase(Department)', target: 'dept', description: '' },
					{ source: 'Manager.Email', target: 'manager', description: '' }
				]
			},
			records
		);
		expect(preview.ok).toBe(true);
		if (!preview.ok) return;
		expect(preview.value[0]).toMatchObject({ identifier: 'Ann@Example.com', values: { dept: 'sales' } });
		expect(preview.value[0].values).not.toHaveProperty('manager');
		expect(preview.value[1]).toMatchObject({
			identifier: null,
			skipReason: 'blank identifier',
			values: { manager: 'm@example.com' }
		});
		expect(preview.value[1].errors.map((error) => error.target)).toEqual(['dept']);
	});

	it('describes User with relationship names and caches it per org and API version', async () => {
		const first = await api.describe(DEMO_CREDENTIAL_ID, 'User');
		expect(first.ok).toBe(true);
		if (!first.ok) return;
		expect(first.value.fields.find((field) => field.name === 'ManagerId')?.relationshipName).toBe('Manager');
		expect(await db.describeCache.count()).toBe(1);
		const again = await api.describe(DEMO_CREDENTIAL_ID, 'User');
		expect(again.ok && again.value.fields.length).toBe(first.value.fields.length);
	});
});
