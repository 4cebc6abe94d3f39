import { describe, expect, it } from 'vitest';
import { AppFailure, appError } from '../errors';
import type { Connector } from '../model';
import type { QueryPage, QueryPagesOptions } from '../salesforce/client';
import type { SalesforceRecord } from '../salesforce/responses';
import { executeRun, type MappedRecord, type PageMapper } from './execute';
import { memorySink } from './memory-sink';

type TestConnector = Pick<
	Connector,
	'soql' | 'userStatus' | 'companyDomains' | 'batchSize' | 'includeDeleted' | 'mapping'
>;

const connector: TestConnector = {
	soql: 'SELECT Id, Email FROM User',
	userStatus: 'all',
	companyDomains: ['*'],
	batchSize: 200,
	includeDeleted: false,
	mapping: {
		identifier: { expression: 'Email', kind: 'email' },
		fields: [{ source: 'Email', target: 'mail', description: '' }]
	}
};

const mapper: PageMapper = {
	mapPage: async (records: SalesforceRecord[]): Promise<MappedRecord[]> =>
		records.map((record) => ({
			id: record.Id as string,
			identifier: record.Email,
			values: { mail: record.Email },
			errors: []
		}))
};

function user(index: number, email: string | null = `user${index}@acme.com`): SalesforceRecord {
	return { attributes: { type: 'User' }, Id: `005${String(index).padStart(15, '0')}`, Email: email };
}

/** A client over fixed pages; `totalSize` may be set to something else than the records' count. */
function pagedClient(records: SalesforceRecord[], pageSize: number, totalSize = records.length) {
	const queries: { soql: string; options?: QueryPagesOptions }[] = [];
	return {
		queries,
		async *queryPages(soql: string, options?: QueryPagesOptions): AsyncGenerator<QueryPage> {
			queries.push({ soql, options });
			const start = options?.startUrl ? Number(options.startUrl.split('-').pop()) : 0;
			for (let offset = start; offset < records.length || offset === 0; offset += pageSize) {
				const next =
					offset + pageSize < records.length ? `/services/data/v65.0/query/01g-${offset + pageSize}` : null;
				yield {
					records: records.slice(offset, offset + pageSize),
					totalSize,
					done: next === null,
					nextRecordsUrl: next,
					status: 200,
					elapsedMs: 1,
					apiUsage: null,
					url: 'x'
				};
				if (!next) return;
			}
		}
	};
}

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

	it('cancel stops after the page in hand, leaving a consistent checkpoint', async () => {
		const records = Array.from({ length: 1000 }, (_, index) => user(index));
		const controller = new AbortController();
		const { sink, pages } = memorySink();
		const outcome = await executeRun({
			runId: 'r',
			connector,
			client: pagedClient(records, 100),
			mapping: {
				mapPage: async (page) => {
					if (page[0].Id === user(200).Id) controller.abort();
					return mapper.mapPage(page);
				}
			},
			sink,
			signal: controller.signal
		});
		expect(outcome.status).toBe('cancelled');
		expect(pages).toHaveLength(3);
		expect(outcome.checkpoint).toMatchObject({ pages: 3, received: 300, processed: 300, done: false });
		expect(outcome.checkpoint.nextRecordsUrl).toBe('/services/data/v65.0/query/01g-300');
	});

	it('pauses on a network fault and resumes from the checkpoint with no duplicates', async () => {
		const records = Array.from({ length: 500 }, (_, index) => user(index));
		const base = pagedClient(records, 100);
		let served = 0;
		const flaky = {
			async *queryPages(soql: string, options?: QueryPagesOptions) {
				for await (const page of base.queryPages(soql, options)) {
					if (++served === 3)
						throw new AppFailure(
							appError('NETWORK', 'Salesforce could not be reached.', { retryable: true })
						);
					yield page;
				}
			}
		};
		const first = memorySink();
		const paused = await executeRun({
			runId: 'r',
			connector,
			client: flaky,
			mapping: mapper,
			sink: first.sink
		});
		expect(paused.status).toBe('paused');
		expect(paused.error?.code).toBe('NETWORK');
		expect(paused.checkpoint).toMatchObject({ pages: 2, received: 200 });
		const second = memorySink();
		const resumed = await executeRun({
			runId: 'r',
			connector,
			client: base,
			mapping: mapper,
			sink: second.sink,
			resume: {
				checkpoint: paused.checkpoint,
				storedIdentifiers: async function* () {
					yield first.rows().map((row) => row.identifier);
				}
			}
		});
		expect(resumed.status).toBe('success');
		const all = [...first.rows(), ...second.rows()].map((row) => row.id);
		expect(new Set(all).size).toBe(500);
		expect(all).toHaveLength(500);
		expect(resumed.checkpoint).toMatchObject({ received: 500, processed: 500, totalSize: 500, pages: 5 });
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

	it('pauses when storage is full and fails on other storage errors, keeping the last checkpoint', async () => {
		const records = Array.from({ length: 300 }, (_, index) => user(index));
		for (const [code, status] of [
			['STORAGE_QUOTA', 'paused'],
			['STORAGE_ERROR', 'failure']
		] as const) {
			let writes = 0;
			const outcome = await executeRun({
				runId: 'r',
				connector,
				client: pagedClient(records, 100),
				mapping: mapper,
				sink: {
					async writePage() {
						if (++writes === 2)
							throw new AppFailure(appError(code, 'The disk is full: 2 MB needed, 1 MB free.'));
					}
				}
			});
			expect(outcome.status).toBe(status);
			expect(outcome.error?.code).toBe(code);
			expect(outcome.checkpoint).toMatchObject({ pages: 1, received: 100, processed: 100 });
		}
	});

	it('a checkpoint without a cursor resumes after its last Id instead of starting over', async () => {
		const records = Array.from({ length: 300 }, (_, index) => user(index));
		const client = pagedClient(records.slice(100), 100);
		const first = memorySink();
		await executeRun({
			runId: 'r',
			connector,
			client: pagedClient(records.slice(0, 100), 100),
			mapping: mapper,
			sink: first.sink
		});
		const checkpoint = { ...first.pages[0].checkpoint, done: false, totalSize: 300 };
		const second = memorySink();
		const outcome = await executeRun({
			runId: 'r',
			connector,
			client,
			mapping: mapper,
			sink: second.sink,
			resume: { checkpoint, storedIdentifiers: first.identifiers }
		});
		expect(client.queries[0].soql).toBe(`SELECT Id, Email FROM User WHERE Id > '${user(99).Id}' ORDER BY Id`);
		expect(outcome.status).toBe('success');
		expect(outcome.checkpoint).toMatchObject({ received: 300, processed: 300, totalSize: 300 });
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
