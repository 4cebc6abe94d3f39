/**
 * Conformance of the emulator's Bulk API 2.0 with jsforce's `bulk2` (3.10.26), over HTTP on 127.0.0.1, as
 * code written against a real org would call it.
 *
 * What jsforce does: it creates the job, polls its info every `pollInterval` until JobComplete, then walks
 * `/results` with the `Sforce-Locator` header (sequentially; it never calls `/resultPages`) and pipes every
 * page into one CSV parser, so its records are flat objects of strings keyed by the header (`Manager.Email`),
 * `""` for null. On a failure other than its poll timeout it deletes the job.
 *
 * Where jsforce and Salesforce disagree: jsforce pipes each page's body into the one CSV parser, and the
 * first page's end ends that parser, so results that come in several pages arrive mixed up or cut off
 * (seen here: an "Invalid Closing Quote" error, or the header line of later pages as records, and a
 * "write after end" stream error). It only reads results that come in one page (a big one the emulator
 * streams, as here); benchmarks of jsforce's bulk2 give the emulator a `/results` page size
 * (`bulkResultsPageRecords`) above the row count, which `/resultPages` clients do not see.
 */
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../emulator-server';

const USERS = 6_000;
let server: EmulatorServer;
let connection: InstanceType<typeof jsforce.Connection>;

beforeAll(async () => {
	server = await startEmulatorServer({
		users: USERS,
		seed: 8,
		bulkPageRecords: 700,
		bulkResultsPageRecords: 1_000_000,
		adminToken: 'jsforce-bulk2-token'
	});
	connection = new jsforce.Connection({
		instanceUrl: server.url,
		accessToken: server.token,
		version: '62.0'
	});
	connection.bulk2.pollInterval = 10;
});

afterAll(async () => {
	await server?.close();
});

type Row = Record<string, string>;

describe('jsforce bulk2 against the emulator', () => {
	it('queries every user, without repeats, values as Bulk CSV strings', async () => {
		const records = (await (
			await connection.bulk2.query('SELECT Id, Username, IsActive, CreatedDate, Manager.Email FROM User')
		).toArray()) as Row[];
		expect(records).toHaveLength(server.emulator.org.userCount);
		expect(new Set(records.map((record) => record.Id)).size).toBe(records.length);
		expect(records.every((record) => /^005/.test(record.Id))).toBe(true);
		expect(Object.keys(records[0])).toEqual(['Id', 'Username', 'IsActive', 'CreatedDate', 'Manager.Email']);
		expect(new Set(records.map((record) => record.IsActive))).toEqual(new Set(['true', 'false']));
		expect(records[1].CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		expect(records.some((record) => record['Manager.Email'] === '')).toBe(true);
	});

	it('runs queryAll (scanAll), which includes deleted users', async () => {
		const records = (await (
			await connection.bulk2.query('SELECT Id FROM User', { scanAll: true })
		).toArray()) as Row[];
		expect(records).toHaveLength(server.emulator.org.userRows);
	});

	it('waits through UploadComplete and InProgress', async () => {
		const slow = await startEmulatorServer({ users: 500, seed: 8, bulkQueueMs: 60, bulkMsPer1000Rows: 200 });
		try {
			const client = new jsforce.Connection({
				instanceUrl: slow.url,
				accessToken: slow.token,
				version: '62.0'
			});
			client.bulk2.pollInterval = 20;
			const records = (await (await client.bulk2.query('SELECT Id FROM User')).toArray()) as Row[];
			expect(records).toHaveLength(slow.emulator.org.userCount);
		} finally {
			await slow.close();
		}
	});

	it("gets Salesforce's errors: a refused query, a failed job (then deleted)", async () => {
		const refused = await connection.bulk2.query('SELECT COUNT() FROM User').then(
			() => null,
			(error: unknown) => error as { message: string }
		);
		expect(refused?.message).toMatch(/Aggregate queries are not supported/);
		server.emulator.faults.add({
			fault: { kind: 'bulkJobFailed', errorMessage: 'Boom' },
			on: 'bulkJob',
			times: 1
		});
		const failed = await connection.bulk2.query('SELECT Id FROM User').then(
			() => null,
			(error: unknown) => error as { message: string }
		);
		expect(failed?.message).toBe('Query job failed to complete');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(server.emulator.bulkJobs.list().some((job) => job.finalState === 'Failed')).toBe(false);
	});
});
