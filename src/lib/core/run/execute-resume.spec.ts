import { describe, expect, it } from 'vitest';
import { AppFailure, appError } from '../errors';
import type { QueryPagesOptions } from '../salesforce/client';
import { executeRun } from './execute';
import { connector, mapper, pagedClient, user } from './execute-testing';
import { memorySink } from './memory-sink';

describe('executeRun', () => {
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
});
