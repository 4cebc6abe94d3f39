import { describe, expect, it } from 'vitest';
import { executeRun } from './execute';
import { connector, mapper, pagedClient, user } from './execute-testing';
import { memorySink } from './memory-sink';

describe('executeRun', () => {
	it('writes every page with its checkpoint and reconciles with totalSize', async () => {
		const records = Array.from({ length: 450 }, (_, index) => user(index));
		const client = pagedClient(records, 200);
		const { sink, pages, rows } = memorySink();
		const outcome = await executeRun({ runId: 'r1', connector, client, mapping: mapper, sink });
		expect(outcome.status).toBe('success');
		expect(pages.map((page) => page.rows.length)).toEqual([200, 200, 50]);
		expect(pages.map((page) => page.checkpoint.pages)).toEqual([1, 2, 3]);
		expect(rows()).toHaveLength(450);
		expect(outcome.checkpoint).toMatchObject({ received: 450, processed: 450, totalSize: 450, done: true });
		expect(client.queries[0].soql).toBe('SELECT Id, Email FROM User ORDER BY Id');
		expect(client.queries[0].options).toMatchObject({ batchSize: 200, all: false });
	});

	it('Q22: skips blank identifiers with a reason and keeps the first of duplicates', async () => {
		const records = [
			user(1),
			user(2, null),
			user(3, '  '),
			user(4, 'USER1@acme.com'),
			user(5, ' user1@acme.com '),
			user(6)
		];
		const { sink, rows } = memorySink();
		const outcome = await executeRun({
			runId: 'r',
			connector,
			client: pagedClient(records, 4),
			mapping: mapper,
			sink
		});
		expect(outcome.status).toBe('success');
		expect(rows().map((row) => row.identifier)).toEqual(['user1@acme.com', 'user6@acme.com']);
		expect(outcome.checkpoint).toMatchObject({
			received: 6,
			processed: 2,
			skipped: 2,
			duplicates: 2,
			skippedReasons: { 'blank identifier': 2 },
			duplicatesSample: ['USER1@acme.com', 'user1@acme.com']
		});
	});

	it('Q23: stops at the row cap with status partial and says why', async () => {
		const records = Array.from({ length: 1000 }, (_, index) => user(index));
		const { sink, rows } = memorySink();
		const outcome = await executeRun({
			runId: 'r',
			connector,
			client: pagedClient(records, 200),
			mapping: mapper,
			sink,
			maxRows: 300
		});
		expect(outcome.status).toBe('partial');
		expect(outcome.error?.code).toBe('RUN_TOO_MANY_ROWS');
		expect(outcome.description).toBe('Too many rows received: only the first 300 were processed.');
		expect(rows()).toHaveLength(300);
		expect(outcome.checkpoint.processed).toBe(300);
	});

	it('a run of exactly the cap is a success', async () => {
		const records = Array.from({ length: 400 }, (_, index) => user(index));
		const outcome = await executeRun({
			runId: 'r',
			connector,
			client: pagedClient(records, 200),
			mapping: mapper,
			sink: memorySink().sink,
			maxRows: 400
		});
		expect(outcome.status).toBe('success');
	});

	it('Q17: fewer rows than totalSize is never a silent success', async () => {
		const records = Array.from({ length: 100 }, (_, index) => user(index));
		const outcome = await executeRun({
			runId: 'r',
			connector,
			client: pagedClient(records, 50, 120),
			mapping: mapper,
			sink: memorySink().sink
		});
		expect(outcome.status).toBe('partial');
		expect(outcome.error?.code).toBe('RUN_COUNT_MISMATCH');
		expect(outcome.description).toContain('announced 120 users but sent 100');
	});

	it('reports progress at most once per interval, and always at the end', async () => {
		const records = Array.from({ length: 1000 }, (_, index) => user(index));
		let clock = 0;
		const seen: number[] = [];
		const outcome = await executeRun({
			runId: 'r',
			connector,
			client: pagedClient(records, 100),
			mapping: {
				mapPage: async (page) => {
					clock += 40;
					return mapper.mapPage(page);
				}
			},
			sink: memorySink().sink,
			now: () => clock,
			onProgress: (progress) => seen.push(progress.received)
		});
		expect(outcome.status).toBe('success');
		expect(seen).toEqual([100, 400, 700, 1000, 1000]);
	});

	it('maps the next page while the last one is written: one write at a time, in order, all done at the end', async () => {
		const records = Array.from({ length: 500 }, (_, index) => user(index));
		const events: string[] = [];
		let writing = 0;
		let mostAtOnce = 0;
		const outcome = await executeRun({
			runId: 'r',
			connector,
			client: pagedClient(records, 100),
			mapping: {
				mapPage: async (page) => {
					events.push(`map ${page[0].Id}`);
					return mapper.mapPage(page);
				}
			},
			sink: {
				async writePage({ page }) {
					writing++;
					mostAtOnce = Math.max(mostAtOnce, writing);
					events.push(`write ${page}`);
					await new Promise((resolve) => setTimeout(resolve, 5));
					events.push(`stored ${page}`);
					writing--;
				}
			}
		});
		expect(outcome.status).toBe('success');
		expect(outcome.checkpoint).toMatchObject({ pages: 5, received: 500, processed: 500, done: true });
		expect(mostAtOnce).toBe(1);
		expect(events.filter((event) => event.startsWith('stored'))).toEqual(
			['1', '2', '3', '4', '5'].map((page) => `stored ${page}`)
		);
		// Page 2 is mapped before page 1 is stored; the run ends only once page 5 is.
		expect(events.indexOf(`map ${records[100].Id}`)).toBeLessThan(events.indexOf('stored 1'));
		expect(events.at(-1)).toBe('stored 5');
	});

	it('fails with an actionable description on a query error, before writing anything', async () => {
		const { sink, pages } = memorySink();
		const outcome = await executeRun({
			runId: 'r',
			connector: { ...connector, soql: "SELECT Id FROM User WHERE Name = 'x" },
			client: pagedClient([], 200),
			mapping: mapper,
			sink
		});
		expect(outcome.status).toBe('failure');
		expect(outcome.error?.code).toBe('SF_MALFORMED_QUERY');
		expect(pages).toHaveLength(0);
	});

	it('keeps rows whose fields failed, counting the field errors', async () => {
		const outcome = await executeRun({
			runId: 'r',
			connector,
			client: pagedClient([user(1)], 200),
			mapping: {
				mapPage: async (records) =>
					(await mapper.mapPage(records)).map((row) => ({
						...row,
						errors: [{ target: 'mail', code: 'T0410', message: 'bad argument' }]
					}))
			},
			sink: memorySink().sink
		});
		expect(outcome.status).toBe('success');
		expect(outcome.checkpoint.fieldErrors).toBe(1);
		expect(outcome.description).toContain('1 field errors');
	});
});
