/**
 * Conformance of the emulator with a real client: jsforce, configured as code written against a real org
 * would configure it, talks to the emulator over HTTP on 127.0.0.1.
 *
 * Where jsforce and SALESFORCE.md disagree:
 * - jsforce does not fetch `nextRecordsUrl` as is: it keeps only the last path segment (the locator) and
 *   rebuilds `<instance>/services/data/v<connection version>/query/<locator>`, and hands that absolute URL
 *   back as `nextRecordsUrl` (Salesforce sends a path). It works because a real org (and the emulator)
 *   accepts a locator under any served version and under `/query/` for queryAll too.
 * - jsforce 3 has no `queryAll()` any more: it is `query(soql, { scanAll: true })`.
 * - jsforce's `maxFetch` defaults to 10,000 and stops there without an error (jsforce#28); a client must
 *   compare the rows it got with `totalSize`.
 * - jsforce ends a fetch loop when a page has no records and no `done`, a case a real org does not send.
 */
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../emulator-server';

const USERS = 5_000;
let server: EmulatorServer;
let connection: InstanceType<typeof jsforce.Connection>;

interface QueryResultShape {
	totalSize: number;
	done: boolean;
	nextRecordsUrl?: string;
	records: { Id: string; attributes: { type: string } }[];
}

beforeAll(async () => {
	server = await startEmulatorServer({ users: USERS, seed: 7, adminToken: 'jsforce-conformance-token' });
	connection = new jsforce.Connection({
		instanceUrl: server.url,
		accessToken: server.token,
		version: '66.0'
	});
});

afterAll(async () => {
	await server?.close();
});

async function errorOf(
	promise: PromiseLike<unknown>
): Promise<{ errorCode?: string; name?: string; message: string }> {
	try {
		await promise;
	} catch (error) {
		return error as { errorCode?: string; name?: string; message: string };
	}
	throw new Error('expected the call to fail');
}

describe('jsforce against the emulator', () => {
	it('query with autoFetch and maxFetch above the row count returns every record, without repeats', async () => {
		const result = (await connection.query('SELECT Id, Name, Email FROM User', {
			autoFetch: true,
			maxFetch: 1_000_000
		})) as unknown as QueryResultShape;
		expect(result.totalSize).toBe(server.emulator.org.userCount);
		expect(result.records).toHaveLength(result.totalSize);
		expect(new Set(result.records.map((record) => record.Id)).size).toBe(result.totalSize);
		expect(result.records[0].attributes.type).toBe('User');
	});

	it('stops at maxFetch when it is below the row count (the silent cap clients must reconcile)', async () => {
		const result = (await connection.query('SELECT Id FROM User', {
			autoFetch: true,
			maxFetch: 2500
		})) as unknown as QueryResultShape;
		expect(result.records).toHaveLength(2500);
		expect(result.totalSize).toBe(server.emulator.org.userCount);
	});

	it('pages by hand with queryMore, honouring a batch size header', async () => {
		const options = {
			headers: { 'Sforce-Query-Options': 'batchSize=1000' },
			autoFetch: false,
			maxFetch: 10_000,
			scanAll: false,
			responseTarget: 'QueryResult' as const
		};
		let page = (await connection.query(
			'SELECT Id FROM User ORDER BY Id',
			options
		)) as unknown as QueryResultShape;
		expect(page.records).toHaveLength(1000);
		const ids = page.records.map((record) => record.Id);
		for (let guard = 0; !page.done && guard < 100; guard++) {
			expect(page.nextRecordsUrl).toMatch(
				new RegExp(`^${server.url}/services/data/v66\\.0/query/01g[0-9A-Za-z]+-\\d+$`)
			);
			page = (await connection.queryMore(
				page.nextRecordsUrl as string,
				options
			)) as unknown as QueryResultShape;
			ids.push(...page.records.map((record) => record.Id));
		}
		expect(page.done).toBe(true);
		expect(ids).toHaveLength(page.totalSize);
		expect([...ids].sort()).toEqual(ids);
	});

	it('queryAll (scanAll) also returns deleted users', async () => {
		const live = (await connection.query('SELECT COUNT() FROM User')) as unknown as QueryResultShape;
		const all = (await connection.query('SELECT COUNT() FROM User', {
			scanAll: true
		})) as unknown as QueryResultShape;
		expect(live.totalSize).toBe(server.emulator.org.userCount);
		expect(all.totalSize).toBe(server.emulator.org.userRows);
		expect(all.totalSize).toBeGreaterThan(live.totalSize);
		const deleted = (await connection.query('SELECT Id, IsDeleted FROM User WHERE IsDeleted = true', {
			scanAll: true,
			autoFetch: true,
			maxFetch: 1_000_000
		})) as unknown as QueryResultShape;
		expect(deleted.records.length).toBe(all.totalSize - live.totalSize);
	});

	it('describes User with the field shape of a real org', async () => {
		const describe = await connection.describe('User');
		expect(describe.name).toBe('User');
		expect(describe.keyPrefix).toBe('005');
		const manager = describe.fields.find((field) => field.name === 'ManagerId');
		expect(manager?.type).toBe('reference');
		expect(manager?.referenceTo).toEqual(['User']);
		expect(manager?.relationshipName).toBe('Manager');
		const global = await connection.describeGlobal();
		expect(global.sobjects.map((sobject) => sobject.name)).toContain('User');
	});

	it('retrieves a record by Id', async () => {
		const admin = server.emulator.org.adminUser;
		const record = (await connection.sobject('User').retrieve(admin.Id)) as { Id: string; Username: string };
		expect(record.Id).toBe(admin.Id);
		expect(record.Username).toBe(admin.Username);
	});

	it('reads limits, and the daily counter moves with each call', async () => {
		const before = await connection.limits();
		const after = await connection.limits();
		expect(before.DailyApiRequests.Max).toBe(100_000);
		expect(after.DailyApiRequests.Remaining).toBe(before.DailyApiRequests.Remaining - 1);
	});

	it('surfaces Salesforce errors with their errorCode', async () => {
		const malformed = await errorOf(connection.query('SELECT Id FROM User WHERE'));
		expect(malformed.errorCode).toBe('MALFORMED_QUERY');
		const field = await errorOf(connection.query('SELECT Nope__c FROM User'));
		expect(field.errorCode).toBe('INVALID_FIELD');
		const type = await errorOf(connection.query('SELECT Id FROM Userz'));
		expect(type.errorCode).toBe('INVALID_TYPE');
		const locator = await errorOf(connection.queryMore('/services/data/v66.0/query/01gEM0000000000ZZZ-2000'));
		expect(locator.errorCode).toBe('INVALID_QUERY_LOCATOR');
		const missing = await errorOf(connection.describe('Nothing__c'));
		expect(missing.errorCode).toBe('NOT_FOUND');
	});

	it('surfaces an invalid session as INVALID_SESSION_ID', async () => {
		const stale = new jsforce.Connection({
			instanceUrl: server.url,
			accessToken: '00Dstale!token',
			version: '66.0'
		});
		const error = await errorOf(stale.query('SELECT Id FROM User LIMIT 1'));
		expect(error.errorCode ?? error.name).toBe('INVALID_SESSION_ID');
	});

	it('surfaces a spent daily allowance as REQUEST_LIMIT_EXCEEDED', async () => {
		server.emulator.usage.setUsed(server.emulator.usage.max);
		try {
			const error = await errorOf(connection.query('SELECT Id FROM User LIMIT 1'));
			expect(error.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
		} finally {
			server.emulator.usage.reset();
		}
	});
});
