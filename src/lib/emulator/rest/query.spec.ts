import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { planQuery } from '../soql';
import { backgroundWork, expectError, type QueryBody, readAllPages, setupEmulator } from '../testing';

describe('query pagination', () => {
	const SOQL = 'SELECT Id, Name, Email FROM User';

	it.each([
		[undefined, 2000],
		['batchSize=200', 200],
		['batchSize=777', 777],
		['batchSize=2000', 2000],
		['batchSize=50', 200],
		['batchSize=5000', 2000]
	])(
		'with Sforce-Query-Options %s pages of %i reach the last record with no gap or repeat',
		async (option, size) => {
			const { emulator, get, query } = setupEmulator();
			const headers: Record<string, string> = option ? { 'Sforce-Query-Options': option } : {};
			const { pages, records } = await readAllPages(get, await query(SOQL, headers), headers);
			const plan = planQuery(emulator.org, SOQL, { all: false, apiVersion: '66.0' });
			expect(records).toEqual(plan.page(0, plan.totalSize));
			expect(records).toHaveLength(emulator.org.userCount);
			expect(pages.slice(0, -1).every((page) => page.records.length === size && !page.done)).toBe(true);
			expect(pages.at(-1)?.nextRecordsUrl).toBeUndefined();
			for (const [index, page] of pages.slice(0, -1).entries()) {
				expect(page.nextRecordsUrl).toMatch(
					new RegExp(`^/services/data/v66\\.0/query/01g[0-9A-Za-z]{15}-${(index + 1) * size}$`)
				);
			}
		}
	);

	it('keeps the batch size of the first request when later requests send none', async () => {
		const { get, query } = setupEmulator();
		const { pages } = await readAllPages(
			get,
			await query(SOQL, { 'Sforce-Query-Options': 'batchSize=1000' })
		);
		expect(pages.map((page) => page.records.length)).toEqual([1000, 1000, 1000]);
	});

	it('serializes fields in SELECT order with attributes first', async () => {
		const { query } = setupEmulator();
		const body = (await (await query('SELECT Email, Id FROM User LIMIT 1')).json()) as QueryBody;
		expect(Object.keys(body.records[0])).toEqual(['attributes', 'Email', 'Id']);
		expect(body).toMatchObject({ totalSize: 1, done: true });
	});

	it('answers a COUNT() in one page with no records', async () => {
		const { emulator, query } = setupEmulator();
		const body = (await (await query('SELECT COUNT() FROM User')).json()) as QueryBody;
		expect(body).toEqual({ totalSize: emulator.org.userCount, done: true, records: [] });
	});

	it('returns deleted users only through queryAll, whose next URL still says /query/', async () => {
		const { emulator, get, query } = setupEmulator();
		const soql = 'SELECT Id, IsDeleted FROM User';
		const live = await readAllPages(get, await query(soql));
		const all = await readAllPages(get, await query(soql, {}, 'queryAll'));
		expect(live.records.some((record) => record.IsDeleted === true)).toBe(false);
		expect(all.records.filter((record) => record.IsDeleted === true)).toHaveLength(
			emulator.org.userRows - emulator.org.userCount
		);
		expect(all.pages[0].nextRecordsUrl).toMatch(/^\/services\/data\/v66\.0\/query\/01g/);
	});

	it('accepts a locator under another served version', async () => {
		const { get, query } = setupEmulator();
		const first = (await (await query(SOQL)).json()) as QueryBody;
		const moved = first.nextRecordsUrl?.replace('v66.0', 'v64.0') as string;
		const next = (await (await get(moved)).json()) as QueryBody;
		expect(next.records).toHaveLength(1000);
	});

	it('answers INVALID_QUERY_LOCATOR for an unknown, malformed or expired cursor', async () => {
		const { emulator, get, query } = setupEmulator({ cursorLifetimeMs: 60_000 });
		await expectError(
			await get('/services/data/v66.0/query/01gEM0000000000XYZ-2000'),
			400,
			'INVALID_QUERY_LOCATOR'
		);
		await expectError(await get('/services/data/v66.0/query/garbage'), 400, 'INVALID_QUERY_LOCATOR');
		const first = (await (await query(SOQL)).json()) as QueryBody;
		emulator.clock.advance(60_001);
		await expectError(await get(first.nextRecordsUrl as string), 400, 'INVALID_QUERY_LOCATOR');
	});

	it('keeps a used cursor alive past its lifetime counted from creation', async () => {
		const { emulator, get, query } = setupEmulator({ cursorLifetimeMs: 60_000 });
		const first = (await (
			await query(SOQL, { 'Sforce-Query-Options': 'batchSize=1000' })
		).json()) as QueryBody;
		emulator.clock.advance(50_000);
		const second = (await (await get(first.nextRecordsUrl as string)).json()) as QueryBody;
		emulator.clock.advance(50_000);
		expect((await get(second.nextRecordsUrl as string)).status).toBe(200);
	});

	it('reports SOQL errors as Salesforce does', async () => {
		const { query, get } = setupEmulator();
		const [malformed] = await expectError(await query('SELECT Id FROM User WHERE'), 400, 'MALFORMED_QUERY');
		expect(malformed.message).toMatch(/ERROR at Row:1:Column:\d+/);
		await expectError(await query('SELECT Nope FROM User'), 400, 'INVALID_FIELD');
		await expectError(await query('SELECT Id FROM Userz'), 400, 'INVALID_TYPE');
		await expectError(
			await get('/services/data/v66.0/query'),
			400,
			'MALFORMED_QUERY',
			'A query string has to be specified'
		);
	});
});

describe('pages built ahead', () => {
	const SOQL = 'SELECT Id, Name, Title, Email FROM User ORDER BY Id';
	const HEADERS = { 'Sforce-Query-Options': 'batchSize=1000' };
	beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
	afterEach(() => void vi.useRealTimers());
	const cursorOf = (emulator: ReturnType<typeof setupEmulator>['emulator'], url: string) =>
		emulator.cursors.get((url.split('/').pop() as string).split('-')[0]);

	it('serves the page built in the background exactly as one built on request', async () => {
		const ahead = setupEmulator();
		const plain = setupEmulator({ prefetchPages: false });
		const first = (await (await ahead.query(SOQL, HEADERS)).json()) as QueryBody;
		const reference = (await (await plain.query(SOQL, HEADERS)).json()) as QueryBody;
		expect(cursorOf(ahead.emulator, first.nextRecordsUrl as string)?.ahead).toBeNull();
		await backgroundWork();
		expect(cursorOf(ahead.emulator, first.nextRecordsUrl as string)?.ahead?.start).toBe(1000);
		expect(cursorOf(plain.emulator, reference.nextRecordsUrl as string)?.ahead).toBeNull();
		const second = await (await ahead.get(first.nextRecordsUrl as string)).json();
		expect(second).toEqual(await (await plain.get(reference.nextRecordsUrl as string)).json());
	});

	it('does not serve a page built before the org changed', async () => {
		const ahead = setupEmulator();
		const plain = setupEmulator({ prefetchPages: false });
		const first = (await (await ahead.query(SOQL, HEADERS)).json()) as QueryBody;
		const reference = (await (await plain.query(SOQL, HEADERS)).json()) as QueryBody;
		await backgroundWork();
		const built = new TextDecoder().decode(
			cursorOf(ahead.emulator, first.nextRecordsUrl as string)?.ahead?.bytes
		);
		ahead.emulator.org.applyChanges({ changed: 3000 });
		plain.emulator.org.applyChanges({ changed: 3000 });
		const second = (await (await ahead.get(first.nextRecordsUrl as string)).json()) as QueryBody;
		expect(second).toEqual(await (await plain.get(reference.nextRecordsUrl as string)).json());
		expect(JSON.stringify(second.records)).not.toBe(built);
	});
});
