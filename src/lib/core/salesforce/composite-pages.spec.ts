import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator';
import type { FaultRule } from '../../emulator/faults';
import { createSalesforceClient, type FetchLike, type QueryPage } from './client';
import { buildCompositeGetRequest, buildQueryMoreRequest } from './requests';
import { failureOf } from './testing';

const SOQL = 'SELECT Id, Email FROM User ORDER BY Id';

/** A client over an emulator, recording each request as `METHOD path` and, for a composite, its subrequests. */
function setup(
	pagesThroughComposite: boolean,
	faults: FaultRule[] = [],
	wrap: (fetch: FetchLike) => FetchLike = (fetch) => fetch
) {
	const emulator = createEmulator({ users: 1000, seed: 5, faults });
	const requests: string[] = [];
	const cacheModes: RequestCache[] = [];
	const renewals: string[] = [];
	const subrequests: { method: string; url: string; httpHeaders: Record<string, string> }[][] = [];
	const client = createSalesforceClient({
		fetch: wrap(async (request) => {
			requests.push(`${request.method} ${new URL(request.url).pathname}`);
			cacheModes.push(request.cache);
			if (request.method === 'POST')
				subrequests.push(((await request.clone().json()) as { compositeRequest: never[] }).compositeRequest);
			return emulator.handle(request);
		}),
		instanceUrl: emulator.options.instanceUrl,
		apiVersion: '66.0',
		getAccessToken: async () => renewals.at(-1) ?? emulator.adminToken,
		refreshAccessToken: async () => {
			renewals.push(emulator.issueToken());
			return renewals[renewals.length - 1];
		},
		sleep: async () => undefined,
		pagesThroughComposite
	});
	return { client, requests, subrequests, renewals, cacheModes };
}

async function allPages(pages: AsyncIterable<QueryPage>): Promise<QueryPage[]> {
	const seen: QueryPage[] = [];
	for await (const page of pages) seen.push(page);
	return seen;
}

const comparable = (pages: QueryPage[]) =>
	pages.map(({ url, nextRecordsUrl, totalSize, records }) => ({ url, nextRecordsUrl, totalSize, records }));

describe('query pages through the Composite resource', () => {
	it('gives the same pages as plain GETs, each page one composite request with its GET as the one subrequest', async () => {
		const plain = setup(false);
		const expected = await allPages(plain.client.queryPages(SOQL, { batchSize: 200 }));
		const composite = setup(true);
		const pages = await allPages(composite.client.queryPages(SOQL, { batchSize: 200 }));
		expect(comparable(pages)).toEqual(comparable(expected));
		expect(pages).toHaveLength(5);
		expect(composite.requests).toEqual(Array(5).fill('POST /services/data/v66.0/composite'));
		expect(composite.subrequests.every((subs) => subs.length === 1 && subs[0].method === 'GET')).toBe(true);
		// A GET bypasses the HTTP cache; the POST keeps the default mode, so its CORS preflight is remembered.
		expect(new Set(plain.cacheModes)).toEqual(new Set(['no-store']));
		expect(new Set(composite.cacheModes)).toEqual(new Set(['default']));
		expect(composite.subrequests[0][0].url).toBe(`/services/data/v66.0/query?q=${encodeURIComponent(SOQL)}`);
		expect(composite.subrequests[1][0]).toMatchObject({
			url: new URL(expected[0].nextRecordsUrl!, 'https://x').pathname,
			httpHeaders: { 'Sforce-Query-Options': 'batchSize=200' }
		});
	});

	it('sends the next page’s request from the head of the current answer, before the caller has it', async () => {
		const { client, requests } = setup(true);
		const seen: number[] = [];
		for await (const page of client.queryPages(SOQL, { batchSize: 200 })) {
			seen.push(requests.length);
			await new Promise((resolve) => setTimeout(resolve, 1));
			expect(page.records).toHaveLength(200);
		}
		expect(seen).toEqual([2, 3, 4, 5, 5]);
	});

	it('a subrequest’s error is the plain GET’s: an unknown field with its place, an expired cursor', async () => {
		const { client } = setup(true, [{ fault: { kind: 'expiredCursor' }, on: 'queryMore', times: 1 }]);
		const unknown = await failureOf(client.query('SELECT Id, Nope__c FROM User'));
		expect(unknown).toMatchObject({ code: 'SF_INVALID_FIELD', status: 400 });
		const first = await client.query(SOQL, { batchSize: 200 });
		const expired = await failureOf(client.queryMore(first.nextRecordsUrl!));
		expect(expired.code).toBe('SF_INVALID_LOCATOR');
	});

	it('a 401 on the composite request renews the token once; a 503 is retried', async () => {
		const { client, requests, renewals } = setup(true, [
			{ fault: { kind: 'unavailable' }, from: 2, times: 1 },
			{ fault: { kind: 'unauthorized', expireSessions: true }, from: 4, times: 1 }
		]);
		const pages = await allPages(client.queryPages(SOQL, { batchSize: 200 }));
		expect(pages.flatMap((page) => page.records)).toHaveLength(1000);
		// Five pages, page 2 asked again after the 503 and page 3 again after the renewal.
		expect(requests).toHaveLength(7);
		expect(renewals).toHaveLength(1);
	});

	it('goes to plain GETs for good once the org refuses the composite request, losing no page', async () => {
		let refused = 0;
		const { client, requests } = setup(true, [], (fetch) => async (request) => {
			if (!request.url.endsWith('/composite')) return fetch(request);
			refused++;
			return new Response('[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]', {
				status: 404
			});
		});
		const pages = await allPages(client.queryPages(SOQL, { batchSize: 200 }));
		expect(pages.flatMap((page) => page.records)).toHaveLength(1000);
		expect(refused).toBe(1);
		expect(requests).toEqual([
			'GET /services/data/v66.0/query',
			...Array(4).fill(expect.stringMatching(/^GET \/services\/data\/v66\.0\/query\/01g\w+-\d+$/))
		]);
	});

	it('takes only a GET of the org’s own REST API as its subrequest', () => {
		const location = { instanceUrl: 'https://acme.my.salesforce.com/', apiVersion: '66.0' };
		const get = buildQueryMoreRequest(location, '/services/data/v66.0/query/01gA-200', { batchSize: 500 });
		const request = buildCompositeGetRequest(location, get);
		expect(request).toMatchObject({
			method: 'POST',
			url: 'https://acme.my.salesforce.com/services/data/v66.0/composite'
		});
		expect(JSON.parse(request.body!)).toEqual({
			compositeRequest: [
				{
					method: 'GET',
					url: '/services/data/v66.0/query/01gA-200',
					referenceId: 'page',
					httpHeaders: { 'Sforce-Query-Options': 'batchSize=500' }
				}
			]
		});
		expect(() =>
			buildCompositeGetRequest(location, { ...get, url: 'https://evil.example/services/data/x' })
		).toThrow(/only a GET under/);
	});
});
