/**
 * Partitioned REST and Bulk API 2.0 through the whole run, against the emulator's handler in-process:
 * every path gives exactly the users of COUNT(), no duplicate Ids, no gaps, for edge sizes and with
 * faults in the middle.
 */
import { describe, expect, it } from 'vitest';
import type { SalesforceClient } from '$lib/core/salesforce';
import { connector, count, expectExactly, run, setup } from './run-paths-support';

/** The org size and query for `size` users; under the emulator's smallest org (10), a filter narrows it. */
const orgFor = (size: number) => Math.max(10, size);

async function queryOfSize(client: SalesforceClient, size: number): Promise<string> {
	if (size >= 10) return connector.soql;
	if (size === 0) return `${connector.soql} WHERE Username = 'nobody@nowhere.example'`;
	const ids = (await client.query(`SELECT Id FROM User ORDER BY Id LIMIT ${size + 1}`)).records;
	return `${connector.soql} WHERE Id < '${String(ids[size].Id)}'`;
}

describe('every path gives exactly the users of COUNT()', () => {
	for (const retrieval of ['partitioned', 'bulk'] as const)
		for (const users of [0, 1, 1999, 2000, 2001, 9_001]) {
			it(`${retrieval}, ${users} users`, async () => {
				const { emulator, client } = setup(orgFor(users));
				const soql = await queryOfSize(client, users);
				const expected = await count(emulator, soql);
				expect(expected).toBe(users);
				const { outcome, sink } = run(client, retrieval, {
					connector: { ...connector, soql, retrieval }
				});
				const result = await outcome;
				expect(result.status).toBe('success');
				expect(result.checkpoint).toMatchObject({
					received: expected,
					totalSize: expected,
					processed: expected
				});
				expectExactly(sink.rows(), expected);
				expect(result.checkpoint.retrieval).toMatch(
					retrieval === 'bulk' ? /^Bulk API 2\.0/ : /^REST, \d+ partitions?/
				);
			});
		}

	for (const retrieval of ['partitioned', 'bulk'] as const)
		it(`${retrieval}: the row cap stops the run partial, with exactly the cap stored`, async () => {
			const { client } = setup(6000);
			const { outcome, sink } = run(client, retrieval, { maxRows: 4321 });
			const result = await outcome;
			expect(result.status).toBe('partial');
			expect(result.error?.code).toBe('RUN_TOO_MANY_ROWS');
			expectExactly(sink.rows(), 4321);
		});

	it('auto picks by the count and says why', async () => {
		for (const [users, path] of [
			[500, /^REST, one cursor, 500 users$/],
			[20_000, /^REST, 2 partitions, 20,000 users$/],
			[100_000, /^Bulk API 2\.0, 8 parallel result pages, 100,000 users, job 750/]
		] as const) {
			const { emulator, client } = setup(users);
			const retrievals: string[] = [];
			const result = await run(client, 'auto', { onRetrieval: (text) => retrievals.push(text) }).outcome;
			expect(result.status).toBe('success');
			expect(result.checkpoint.received).toBe(await count(emulator));
			expect(result.checkpoint.retrieval).toMatch(path);
			expect(retrievals.at(-1)).toBe(result.checkpoint.retrieval);
		}
	});

	it('a query with its own ORDER BY stays on one cursor and says so; filters keep working', async () => {
		const { emulator, client } = setup(12_000);
		const soql = `${connector.soql} WHERE IsActive = true ORDER BY Username`;
		const { outcome, sink } = run(client, 'partitioned', {
			connector: { ...connector, soql, retrieval: 'partitioned' }
		});
		const result = await outcome;
		expect(result.checkpoint.retrieval).toBe(
			'REST: the query has its own ORDER BY, 12,000 users'.replace(
				'12,000',
				(await count(emulator, soql)).toLocaleString('en-US')
			)
		);
		expectExactly(sink.rows(), await count(emulator, soql));
	});
});

describe('faults in the middle of a partitioned run', () => {
	it('401 → one refresh; 503 → retried; nothing lost', async () => {
		const { emulator, client, stats } = setup(12_000, [
			{ fault: { kind: 'unauthorized' }, from: 4, times: 1 },
			{ fault: { kind: 'unavailable' }, from: 6, times: 2 }
		]);
		const { outcome, sink } = run(client, 'partitioned');
		const result = await outcome;
		expect(result.status).toBe('success');
		expect(stats.refreshes).toBe(1);
		expect(stats.sleeps).toHaveLength(2);
		expect(emulator.faults.list()).toEqual([]);
		expectExactly(sink.rows(), await count(emulator));
	});

	it('a page cut off mid-JSON or dropped mid-body in a partition is fetched again; nothing lost', async () => {
		const { emulator, client } = setup(12_000, [
			{ fault: { kind: 'truncatedBody' }, on: 'queryMore', from: 2, times: 1 },
			{ fault: { kind: 'dropConnection', when: 'midBody' }, on: 'queryMore', from: 3, times: 1 }
		]);
		const { outcome, sink } = run(client, 'partitioned');
		expect((await outcome).status).toBe('success');
		expect(emulator.faults.list()).toEqual([]);
		expectExactly(sink.rows(), await count(emulator));
	});

	it('a network drop pauses the run; the resume continues every partition where it stood', async () => {
		const { emulator, client } = setup(12_000, [{ fault: { kind: 'dropConnection' }, from: 5 }]);
		const first = run(client, 'partitioned');
		const paused = await first.outcome;
		expect(paused.status).toBe('paused');
		expect(paused.checkpoint.source?.kind).toBe('partitions');
		emulator.faults.clear();
		const second = run(client, 'partitioned', {
			resume: { checkpoint: paused.checkpoint, storedIdentifiers: first.sink.identifiers }
		});
		const resumed = await second.outcome;
		expect(resumed.status).toBe('success');
		const total = await count(emulator);
		expectExactly([...first.sink.rows(), ...second.sink.rows()], total);
		expect(resumed.checkpoint).toMatchObject({ received: total, processed: total, duplicates: 0 });
	});

	it('an expired cursor in one partition goes on after its last Id', async () => {
		const { emulator, client } = setup(12_000, [
			{ fault: { kind: 'expiredCursor' }, on: 'queryMore', from: 3, times: 1 }
		]);
		const { outcome, sink } = run(client, 'partitioned');
		expect((await outcome).status).toBe('success');
		expectExactly(sink.rows(), await count(emulator));
	});
});

describe('faults in the middle of a Bulk run', () => {
	it('401 → one refresh; 503 → retried; a result page cut off or dropped mid-body → downloaded again', async () => {
		const { emulator, client, stats } = setup(12_000, [
			{ fault: { kind: 'unauthorized', expireSessions: true }, on: 'bulkResults', from: 2, times: 1 },
			{ fault: { kind: 'unavailable' }, on: 'bulkResults', from: 3, times: 2 },
			{ fault: { kind: 'truncatedBody' }, on: 'bulkResults', from: 5, times: 1 },
			{ fault: { kind: 'dropConnection', when: 'midBody' }, on: 'bulkResults', from: 6, times: 1 }
		]);
		// Counted first: the 401 ends every session, the admin's too.
		const total = await count(emulator);
		const { outcome, sink } = run(client, 'bulk');
		const result = await outcome;
		expect(result.status).toBe('success');
		expect(stats.refreshes).toBe(1);
		expect(emulator.faults.list()).toEqual([]);
		expectExactly(sink.rows(), total);
		expect(result.checkpoint).toMatchObject({ received: total, totalSize: total, duplicates: 0 });
	});

	it('a network drop pauses the run; the resume goes on with the same job, every user once', async () => {
		const { emulator, client } = setup(12_000, [
			{ fault: { kind: 'dropConnection' }, on: 'bulkResults', from: 3 }
		]);
		const first = run(client, 'bulk');
		const paused = await first.outcome;
		expect(paused.status).toBe('paused');
		expect(paused.error?.code).toBe('NETWORK');
		expect(paused.checkpoint.pages).toBeGreaterThan(0);
		expect(paused.checkpoint.source).toMatchObject({ kind: 'bulk', resume: { jobId: expect.any(String) } });
		emulator.faults.clear();
		const second = run(client, 'bulk', {
			resume: { checkpoint: paused.checkpoint, storedIdentifiers: first.sink.identifiers }
		});
		const resumed = await second.outcome;
		expect(resumed.status).toBe('success');
		expect(emulator.bulkJobs.list()).toHaveLength(1);
		const total = await count(emulator);
		expectExactly([...first.sink.rows(), ...second.sink.rows()], total);
		expect(resumed.checkpoint).toMatchObject({ received: total, processed: total, duplicates: 0 });
	});
});

describe('a run stopped before its first page', () => {
	it('resumes from scratch with its filters, after a network drop while counting', async () => {
		const { emulator, client } = setup(3000, [{ fault: { kind: 'dropConnection' }, on: 'api' }]);
		const soql = `${connector.soql} WHERE IsActive = true`;
		const first = run(client, 'auto', { connector: { ...connector, soql, retrieval: 'auto' } });
		const paused = await first.outcome;
		expect(paused.status).toBe('paused');
		expect(paused.checkpoint.pages).toBe(0);
		emulator.faults.clear();
		const second = run(client, 'auto', {
			connector: { ...connector, soql, retrieval: 'auto' },
			resume: { checkpoint: paused.checkpoint, storedIdentifiers: first.sink.identifiers }
		});
		const resumed = await second.outcome;
		expect(resumed.status).toBe('success');
		expect(resumed.checkpoint.soql).toMatch(/IsActive = true/i);
		expectExactly(second.sink.rows(), await count(emulator, soql));
	});
});
