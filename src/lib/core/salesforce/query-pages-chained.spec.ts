import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator';
import type { FaultRule } from '../../emulator/faults';
import { createSalesforceClient, type FetchLike, type QueryPage } from './client';
import { buildChainedQueryMoreRequest, MAX_CHAINED_PAGES } from './requests';
import { peekLastNextRecordsUrl } from './responses';
import { failureOf } from './testing';

const SOQL = 'SELECT Id, Email FROM User ORDER BY Id';

/** A client over an emulator of `users`, recording each request as `METHOD path` and the composite bodies. */
function setup(
	users: number,
	faults: FaultRule[] = [],
	wrap: (fetch: FetchLike) => FetchLike = (fetch) => fetch
) {
	const emulator = createEmulator({ users, seed: 5, faults });
	const requests: string[] = [];
	const chainLengths: number[] = [];
	const client = createSalesforceClient({
		fetch: wrap(async (request) => {
			requests.push(`${request.method} ${new URL(request.url).pathname}`);
			if (request.method === 'POST')
				chainLengths.push(
					((await request.clone().json()) as { compositeRequest: unknown[] }).compositeRequest.length
				);
			return emulator.handle(request);
		}),
		instanceUrl: emulator.options.instanceUrl,
		apiVersion: '66.0',
		getAccessToken: async () => emulator.adminToken,
		sleep: async () => undefined
	});
	return { client, requests, chainLengths };
}

async function allPages(pages: AsyncIterable<QueryPage>): Promise<QueryPage[]> {
	const seen: QueryPage[] = [];
	for await (const page of pages) seen.push(page);
	return seen;
}

const idsOf = (pages: QueryPage[]) => pages.flatMap((page) => page.records.map((record) => record.Id));

describe('chained query pages', () => {
	it.each([0, 1, 199, 200, 201, 1000, 2200])(
		'%i records come five pages a request, the same records and page addresses as page by page',
		async (records) => {
			const soql =
				records === 0
					? "SELECT Id FROM User WHERE Email = 'nobody@nowhere.example'"
					: `${SOQL} LIMIT ${records}`;
			const plain = setup(2500);
			const expected = await allPages(plain.client.queryPages(soql, { batchSize: 200 }));
			const chained = setup(2500);
			const pages = await allPages(chained.client.queryPages(soql, { batchSize: 200, pagesPerRequest: 5 }));
			expect(idsOf(pages)).toEqual(idsOf(expected));
			expect(idsOf(pages)).toHaveLength(records);
			expect(pages.map((page) => [page.url, page.nextRecordsUrl])).toEqual(
				expected.map((page) => [page.url, page.nextRecordsUrl])
			);
			const remaining = Math.max(0, Math.ceil(records / 200) - 1);
			expect(chained.requests).toHaveLength(1 + Math.ceil(remaining / MAX_CHAINED_PAGES));
			// Each chained request asks for the pages the cursor still holds, at most five: none past its end
			// (a last page alone goes as a plain GET).
			const plainFollowUps = chained.requests.length - 1 - chained.chainLengths.length;
			expect(chained.chainLengths.reduce((sum, length) => sum + length, 0) + plainFollowUps).toBe(remaining);
			expect(chained.chainLengths.every((length) => length >= 2 && length <= MAX_CHAINED_PAGES)).toBe(true);
		}
	);

	it('sends the next chained request before the caller has parsed or consumed the current one, never two ahead', async () => {
		const { client, requests } = setup(4000);
		const seen: number[] = [];
		for await (const page of client.queryPages(SOQL, { batchSize: 200, pagesPerRequest: 5 })) {
			seen.push(requests.length);
			await new Promise((resolve) => setTimeout(resolve, 1));
			expect(page.records).toHaveLength(200);
		}
		// 20 pages: the query's, then 2–6, 7–11, 12–16, 17–20.
		expect(requests).toEqual([
			'GET /services/data/v66.0/query',
			...Array(4).fill('POST /services/data/v66.0/composite')
		]);
		expect(seen.slice(0, 7)).toEqual([2, 3, 3, 3, 3, 3, 4]);
		expect(seen.at(-1)).toBe(5);
	});

	it('asks for a page again on its own when its subrequest fails: an expired cursor comes out as SF_INVALID_LOCATOR after the pages before it', async () => {
		const { client, requests } = setup(3000, [
			{ fault: { kind: 'expiredCursor' }, on: 'queryMore', from: 2, times: 1 }
		]);
		const pages: QueryPage[] = [];
		const failure = await failureOf(
			(async () => {
				for await (const page of client.queryPages(SOQL, { batchSize: 200, pagesPerRequest: 5 }))
					pages.push(page);
			})()
		);
		expect(failure.code).toBe('SF_INVALID_LOCATOR');
		expect(pages).toHaveLength(6);
		// The query, pages 2–6 chained, 7–11 chained (its first subrequest meets the expired cursor), page 7 alone.
		expect(requests).toHaveLength(4);
		expect(requests.slice(1, 3)).toEqual(Array(2).fill('POST /services/data/v66.0/composite'));
		expect(requests[3]).toMatch(/^GET \/services\/data\/v66\.0\/query\/01g\w+-1200$/);
	});

	it('retries a composite answer cut off mid-body, and goes a page at a time when the org refuses the composite request', async () => {
		const cut = setup(2000, [{ fault: { kind: 'truncatedBody' }, from: 2, times: 1 }]);
		expect(
			idsOf(await allPages(cut.client.queryPages(SOQL, { batchSize: 200, pagesPerRequest: 5 })))
		).toHaveLength(2000);
		const refusing = setup(
			1000,
			[],
			(fetch) => async (request) =>
				new URL(request.url).pathname.endsWith('/composite')
					? new Response('[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]', {
							status: 404
						})
					: fetch(request)
		);
		const pages = await allPages(refusing.client.queryPages(SOQL, { batchSize: 200, pagesPerRequest: 5 }));
		expect(idsOf(pages)).toHaveLength(1000);
		expect(refusing.requests.filter((request) => request.startsWith('GET'))).toHaveLength(5);
	});

	it('builds five subrequests at most, each after the one before, and refuses a next URL on another host', () => {
		const location = { instanceUrl: 'https://acme.my.salesforce.com', apiVersion: '66.0' };
		const request = buildChainedQueryMoreRequest(location, '/services/data/v66.0/query/01gA-2000', 9, {
			batchSize: 500
		});
		expect(request).toMatchObject({
			method: 'POST',
			url: 'https://acme.my.salesforce.com/services/data/v66.0/composite'
		});
		const body = JSON.parse(request.body!) as {
			allOrNone: boolean;
			compositeRequest: { url: string; referenceId: string; httpHeaders: unknown }[];
		};
		expect(body.allOrNone).toBe(false);
		expect(body.compositeRequest.map((sub) => sub.url)).toEqual([
			'/services/data/v66.0/query/01gA-2000',
			'@{page1.nextRecordsUrl}',
			'@{page2.nextRecordsUrl}',
			'@{page3.nextRecordsUrl}',
			'@{page4.nextRecordsUrl}'
		]);
		expect(body.compositeRequest[0].httpHeaders).toEqual({ 'Sforce-Query-Options': 'batchSize=500' });
		expect(() => buildChainedQueryMoreRequest(location, 'https://evil.example/services/data/x', 2)).toThrow(
			/outside this org/
		);
	});

	it('reads the last page’s next address from a composite answer, not a child cursor inside its records', () => {
		const page = (next: string | null, child = '') =>
			`{"body":{"totalSize":9,"done":${next === null},${next ? `"nextRecordsUrl":"${next}",` : ''}"records":[{"Id":"005A"${child}}]},"httpHeaders":{},"httpStatusCode":200,"referenceId":"p"}`;
		const child =
			',"LoginHistories":{"totalSize":3,"done":false,"nextRecordsUrl":"/services/data/v66.0/query/01gC-1","records":[]}';
		expect(
			peekLastNextRecordsUrl(`{"compositeResponse":[${page('/q/01gA-2')},${page('/q/01gA-4', child)}]}`)
		).toBe('/q/01gA-4');
		expect(
			peekLastNextRecordsUrl(`{"compositeResponse":[${page('/q/01gA-2')},${page(null, child)}]}`)
		).toBeNull();
	});
});
