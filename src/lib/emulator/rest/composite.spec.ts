import { describe, expect, it } from 'vitest';
import { serverTimeForPage } from '../server-time';
import { BASE, expectError, readAllPages, setupEmulator, TOKEN, type QueryBody } from '../testing';

interface CompositeBody {
	compositeResponse: {
		body: unknown;
		httpHeaders: Record<string, string>;
		httpStatusCode: number;
		referenceId: string;
	}[];
}

const SOQL = 'SELECT Id, Email FROM User ORDER BY Id';
const V = '/services/data/v66.0';

/** Subrequests walking a cursor: `url` first, then `count - 1` more, each after the one before. */
function chain(url: string, count: number, headers: Record<string, string> = {}) {
	return Array.from({ length: count }, (_, index) => ({
		method: 'GET',
		url: index === 0 ? url : `@{page${index}.nextRecordsUrl}`,
		referenceId: `page${index + 1}`,
		httpHeaders: headers
	}));
}

function setup(options: Parameters<typeof setupEmulator>[0] = {}) {
	const emulated = setupEmulator(options);
	const post = (body: unknown, path = `${V}/composite`) =>
		emulated.emulator.handle(
			new Request(BASE + path, {
				method: 'POST',
				headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
				body: typeof body === 'string' ? body : JSON.stringify(body)
			})
		);
	return { ...emulated, post };
}

describe('composite requests', () => {
	it('walks a cursor five pages a request with the same records as page by page', async () => {
		const { get, query, post } = setup();
		const headers = { 'Sforce-Query-Options': 'batchSize=200' };
		const expected = await readAllPages(get, await query(SOQL, headers), headers);
		const first = (await (await query(SOQL, headers)).json()) as QueryBody;
		const pages: QueryBody[] = [first];
		for (let guard = 0; !pages[pages.length - 1].done && guard < 100; guard++) {
			const response = await post({
				compositeRequest: chain(pages[pages.length - 1].nextRecordsUrl!, 5, headers)
			});
			expect(response.status).toBe(200);
			const body = (await response.json()) as CompositeBody;
			for (const entry of body.compositeResponse) {
				if (entry.httpStatusCode !== 200) break;
				pages.push(entry.body as QueryBody);
			}
		}
		expect(pages.map((page) => page.records.length)).toEqual(
			expected.pages.map((page) => page.records.length)
		);
		expect(pages.flatMap((page) => page.records)).toEqual(expected.records);
	});

	it('answers each subrequest in order with its status and referenceId, and a reference past the end as PROCESSING_HALTED', async () => {
		const { query, post } = setup({ users: 500 });
		const first = (await (
			await query(SOQL, { 'Sforce-Query-Options': 'batchSize=200' })
		).json()) as QueryBody;
		const response = await post({
			compositeRequest: chain(first.nextRecordsUrl!, 3, { 'Sforce-Query-Options': 'batchSize=200' })
		});
		const body = (await response.json()) as CompositeBody;
		expect(body.compositeResponse.map((entry) => [entry.referenceId, entry.httpStatusCode])).toEqual([
			['page1', 200],
			['page2', 200],
			['page3', 400]
		]);
		const [second, last, past] = body.compositeResponse;
		expect((second.body as QueryBody).records).toHaveLength(200);
		expect(last.body).toMatchObject({ done: true, totalSize: 500 });
		expect((last.body as QueryBody).records).toHaveLength(100);
		expect(past.body).toEqual([
			{
				errorCode: 'PROCESSING_HALTED',
				message:
					"Invalid reference specified. No value for page2.nextRecordsUrl found in page2. Provided referenceId ('page2.nextRecordsUrl') in url."
			}
		]);
	});

	it('reads a reference into records, and halts every later subrequest after a failure with allOrNone', async () => {
		const { post } = setup({ users: 50 });
		const q = `${V}/query?q=${encodeURIComponent('SELECT Id FROM User ORDER BY Id LIMIT 2')}`;
		const byId = await post({
			compositeRequest: [
				{ method: 'GET', url: q, referenceId: 'users' },
				{
					method: 'GET',
					url: `${V}/query?q=SELECT+Email+FROM+User+WHERE+Id='@{users.records[1].Id}'`,
					referenceId: 'one'
				}
			]
		});
		const entries = ((await byId.json()) as CompositeBody).compositeResponse;
		expect(entries[1].httpStatusCode).toBe(200);
		expect(entries[1].body).toMatchObject({ totalSize: 1 });
		const halted = await post({
			allOrNone: true,
			compositeRequest: [
				{ method: 'GET', url: `${V}/query?q=SELECT+Nope+FROM+User`, referenceId: 'bad' },
				{ method: 'GET', url: q, referenceId: 'after' }
			]
		});
		const [bad, after] = ((await halted.json()) as CompositeBody).compositeResponse;
		expect([bad.httpStatusCode, (bad.body as { errorCode: string }[])[0].errorCode]).toEqual([
			400,
			'INVALID_FIELD'
		]);
		expect(after.httpStatusCode).toBe(400);
		expect((after.body as { errorCode: string }[])[0].errorCode).toBe('PROCESSING_HALTED');
	});

	it('refuses a body that is not JSON, more than 25 subrequests or more than five queries, naming the limit', async () => {
		const { post } = setup({ users: 10 });
		await expectError(await post('{"compositeRequest": ['), 400, 'JSON_PARSER_ERROR');
		await expectError(await post({ compositeRequest: [] }), 400, 'INVALID_INPUT');
		const limits = Array.from({ length: 26 }, (_, index) => ({
			method: 'GET',
			url: `${V}/limits`,
			referenceId: `l${index}`
		}));
		await expectError(
			await post({ compositeRequest: limits }),
			400,
			'LIMIT_EXCEEDED',
			'A composite request takes at most 25 subrequests; it had 26.'
		);
		await expectError(
			await post({ compositeRequest: chain(`${V}/query?q=SELECT+Id+FROM+User`, 6) }),
			400,
			'LIMIT_EXCEEDED',
			'A composite request takes at most 5 query subrequests; it had 6.'
		);
		await expectError(
			await post({
				compositeRequest: [
					{ method: 'GET', url: `${V}/limits`, referenceId: 'a' },
					{ method: 'GET', url: `${V}/limits`, referenceId: 'a' }
				]
			}),
			400,
			'INVALID_INPUT',
			'compositeRequest[1]: the referenceId a is used twice.'
		);
	});

	it('counts as one API call and takes the server time of its subrequests one after the other', async () => {
		let slept = 0;
		const { emulator, query, post } = setup({
			users: 1000,
			serverTime: serverTimeForPage(15_000),
			sleep: async (ms) => void (slept += ms)
		});
		const first = (await (
			await query(SOQL, { 'Sforce-Query-Options': 'batchSize=200' })
		).json()) as QueryBody;
		const before = emulator.usage.used();
		slept = 0;
		const response = await post({ compositeRequest: chain(first.nextRecordsUrl!, 4) });
		expect(response.status).toBe(200);
		expect(emulator.usage.used() - before).toBe(1);
		// 200 users × 2 fields at 15 s per 2000 users × 15 fields: 200 ms a page, less the emulator's own work.
		expect(slept).toBeGreaterThan(4 * 200 - 100);
		expect(slept).toBeLessThanOrEqual(4 * 200);
	});

	it('hands an expired cursor to its first nextRecordsUrl subrequest, and takes only POST', async () => {
		const { emulator, query, post, get } = setup({ users: 1000 });
		const first = (await (
			await query(SOQL, { 'Sforce-Query-Options': 'batchSize=200' })
		).json()) as QueryBody;
		emulator.faults.add({ fault: { kind: 'expiredCursor' }, on: 'queryMore', times: 1 });
		const response = await post({ compositeRequest: chain(first.nextRecordsUrl!, 2) });
		expect(response.status).toBe(200);
		const entries = ((await response.json()) as CompositeBody).compositeResponse;
		expect(entries.map((entry) => entry.httpStatusCode)).toEqual([400, 400]);
		expect((entries[0].body as { errorCode: string }[])[0].errorCode).toBe('INVALID_QUERY_LOCATOR');
		expect((entries[1].body as { errorCode: string }[])[0].errorCode).toBe('PROCESSING_HALTED');
		await expectError(await get(`${V}/composite`), 405, 'METHOD_NOT_ALLOWED');
	});
});
