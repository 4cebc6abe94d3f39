import { describe, expect, it } from 'vitest';
import { createSalesforceClient } from './client';
import { peekNextRecordsUrl } from './responses';
import { failureOf, instanceUrl, json, makeClient, page } from './testing';

describe('queryPages', () => {
	it('queryPages fetches page n+1 before page n is consumed, and follows nextRecordsUrl', async () => {
		const requested: string[] = [];
		const pages: Record<string, unknown> = {
			'/services/data/v65.0/query/01g-2': page(['005C', '005D'], '/services/data/v65.0/query/01g-4', 5),
			'/services/data/v65.0/query/01g-4': page(['005E'], null, 5)
		};
		const { client } = makeClient(async (request) => {
			const path = new URL(request.url).pathname;
			requested.push(path);
			return json(
				path.endsWith('/query') ? page(['005A', '005B'], '/services/data/v65.0/query/01g-2', 5) : pages[path]
			);
		});
		const seenAtConsume: number[] = [];
		const ids: unknown[] = [];
		for await (const result of client.queryPages('SELECT Id FROM User', { batchSize: 200 })) {
			await new Promise((resolve) => setTimeout(resolve, 0));
			seenAtConsume.push(requested.length);
			ids.push(...result.records.map((record) => record.Id));
		}
		expect(ids).toEqual(['005A', '005B', '005C', '005D', '005E']);
		expect(seenAtConsume).toEqual([2, 3, 3]);
	});

	it('queryPages requests page n+1 from the head of page n before parsing it, and stays one page ahead', async () => {
		const requested: string[] = [];
		const { client } = makeClient(async (request) => {
			const path = new URL(request.url).pathname;
			requested.push(path);
			const index = path.endsWith('/query') ? 0 : Number(path.split('-').pop());
			return json(page([`005${index}`], index < 5 ? `/services/data/v65.0/query/01g-${index + 1}` : null, 6));
		});
		const seen: number[] = [];
		for await (const result of client.queryPages('SELECT Id FROM User')) {
			seen.push(requested.length);
			await new Promise((resolve) => setTimeout(resolve, 5));
			expect(requested.length).toBeLessThanOrEqual(seen.length + 1);
			expect(result.records).toHaveLength(1);
		}
		expect(seen[0]).toBe(2);
		expect(requested).toHaveLength(6);
		expect(new Set(requested).size).toBe(6);
	});

	it('peekNextRecordsUrl reads the next page address from the head of a body only', () => {
		expect(
			peekNextRecordsUrl(
				'{"totalSize":9,"done":false,"nextRecordsUrl":"/services/data/v65.0/query/01g-2","records":['
			)
		).toBe('/services/data/v65.0/query/01g-2');
		expect(peekNextRecordsUrl('{"totalSize":9,"done":true,"records":[]}')).toBeNull();
		expect(peekNextRecordsUrl('{"totalSize":9,"done":false,"nextRecordsUrl":"/services/da')).toBeNull();
	});

	it('queryPages resumes at a start URL and refuses next URLs on other hosts', async () => {
		const { client } = makeClient(async () =>
			json(page(['005Z'], 'https://evil.example/services/data/x', 2))
		);
		const iterator = client.queryPages('', { startUrl: '/services/data/v65.0/query/01g-1' });
		const first = await iterator.next();
		expect(first.value && first.value.url).toBe(`${instanceUrl}/services/data/v65.0/query/01g-1`);
		expect((await failureOf(client.queryMore('https://evil.example/services/data/x'))).code).toBe(
			'BAD_RESPONSE'
		);
		await iterator.return();
	});

	it('an abort signal stops a wait and a fetch that hangs', async () => {
		const controller = new AbortController();
		const { client } = makeClient(() => new Promise<Response>(() => undefined));
		const pending = client.query('SELECT Id FROM User', { signal: controller.signal });
		controller.abort();
		expect((await failureOf(pending)).code).toBe('ABORTED');
		const sleeping = createSalesforceClient({
			fetch: async () => new Response('', { status: 503 }),
			instanceUrl,
			apiVersion: '65.0',
			getAccessToken: async () => 't',
			retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
			random: () => 0.99
		});
		const second = new AbortController();
		const waiting = sleeping.query('SELECT Id FROM User', { signal: second.signal });
		setTimeout(() => second.abort(), 5);
		expect((await failureOf(waiting)).code).toBe('ABORTED');
	});
});
