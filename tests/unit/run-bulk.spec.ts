/**
 * Bulk API 2.0 through the whole run (a failed job, cancel and resume), and the same rows on every path:
 * a Bulk run maps to what a REST run of the same connector maps, filters and LoginHistory join included.
 */
import { describe, expect, it } from 'vitest';
import { compileMapping } from '$lib/core/mapping';
import type { RetrievalMode } from '$lib/core/model';
import type { RunRow } from '$lib/core/run';
import { memorySink } from '$lib/core/run/memory-sink';
import { connector, count, expectExactly, run, setup } from './run-paths-support';

/** A Bulk run cancelled once it has stored `pages` pages: its outcome, what it stored and each page's size. */
async function cancelledAfter(client: ReturnType<typeof setup>['client'], pages: number) {
	const controller = new AbortController();
	const first = memorySink();
	const stored: number[] = [];
	const cancelled = await run(client, 'bulk', {
		signal: controller.signal,
		sink: {
			async writePage(page) {
				stored.push(page.rows.length);
				await first.sink.writePage(page);
				if (page.page === pages) controller.abort();
			}
		}
	}).outcome;
	return { cancelled, first, stored };
}

describe('Bulk through the run', () => {
	it('a Failed job fails the run with its message, and the job id is in the log', async () => {
		const { client } = setup(3000, [
			{ fault: { kind: 'bulkJobFailed', errorMessage: 'disk on fire' }, on: 'bulkJob' }
		]);
		const retrievals: string[] = [];
		const result = await run(client, 'bulk', { onRetrieval: (text) => retrievals.push(text) }).outcome;
		expect(result.status).toBe('failure');
		expect(result.error?.code).toBe('SF_BULK_JOB_FAILED');
		expect(result.description).toContain('disk on fire');
		expect(retrievals.at(-1)).toMatch(/^Bulk API 2\.0, .*, job 750\w+$/);
	});

	it('cancelled during the downloads, then resumed: every user once', async () => {
		const { emulator, client } = setup(25_000);
		const { cancelled, first } = await cancelledAfter(client, 1);
		expect(cancelled.status).toBe('cancelled');
		const second = run(client, 'bulk', {
			resume: { checkpoint: cancelled.checkpoint, storedIdentifiers: first.identifiers }
		});
		const resumed = await second.outcome;
		expect(resumed.status).toBe('success');
		expectExactly([...first.rows(), ...second.sink.rows()], await count(emulator));
	});

	it('result pages of 5000 are stored 2000 users at a time; cancelled inside a page, then resumed: every user once', async () => {
		const { emulator, client } = setup(25_000, [], { bulkPageRecords: 5000 });
		const { cancelled, first, stored } = await cancelledAfter(client, 2);
		expect(cancelled.status).toBe('cancelled');
		expect(stored).toEqual([2000, 2000]);
		const second = run(client, 'bulk', {
			resume: { checkpoint: cancelled.checkpoint, storedIdentifiers: first.identifiers }
		});
		const resumed = await second.outcome;
		expect(resumed.status).toBe('success');
		expect(resumed.checkpoint.pages).toBe(15);
		expectExactly([...first.rows(), ...second.sink.rows()], await count(emulator));
	});

	it('a job gone after part of its first page was stored is not started again (that would store it twice)', async () => {
		const { emulator, client } = setup(25_000, [], { bulkPageRecords: 5000 });
		const { cancelled, first } = await cancelledAfter(client, 1);
		const source = cancelled.checkpoint.source;
		expect(source?.kind === 'bulk' && source.resume).toMatchObject({
			delivered: [],
			partial: { records: 2000 }
		});
		if (source?.kind === 'bulk' && source.resume) emulator.bulkJobs.delete(source.resume.jobId);
		const resumed = await run(client, 'bulk', {
			resume: { checkpoint: cancelled.checkpoint, storedIdentifiers: first.identifiers }
		}).outcome;
		expect(resumed.status).toBe('failure');
		expect(resumed.error?.code).toBe('SF_BULK_JOB_NOT_FOUND');
		expect(resumed.error?.message).toMatch(/already stored part of its users: start a new run/);
	});

	it('maps to the same rows as a REST run of the same connector, field by field', async () => {
		const { client } = setup(4500);
		const rest = run(client, 'rest');
		const bulk = run(client, 'bulk');
		expect((await rest.outcome).status).toBe('success');
		expect((await bulk.outcome).status).toBe('success');
		const byId = (rows: RunRow[]) => [...rows].sort((a, b) => (a.id! < b.id! ? -1 : 1));
		expect(byId(bulk.sink.rows())).toEqual(byId(rest.sink.rows()));
	});
});

describe('filters and the LoginHistory join on every path', () => {
	it(
		'active users of two domains with their latest login: the same rows whatever the path',
		{
			timeout: 120_000
		},
		async () => {
			const { client } = setup(1200);
			const filtered = {
				...connector,
				userStatus: 'active' as const,
				companyDomains: ['acme.example.com', 'globex.example.net'],
				latestLogin: true,
				mapping: {
					...connector.mapping,
					fields: [
						...connector.mapping.fields,
						{ source: 'LatestLogin.Status', target: 'login_status', description: '' },
						{ source: 'LatestLogin.LoginTime', target: 'login_time', description: '' }
					]
				}
			};
			const rowsOf = async (retrieval: RetrievalMode) => {
				const result = run(client, retrieval, {
					connector: { ...filtered, retrieval },
					mapping: compileMapping(filtered.mapping)
				});
				expect((await result.outcome).status).toBe('success');
				return [...result.sink.rows()].sort((a, b) => (a.id! < b.id! ? -1 : 1));
			};
			const rest = await rowsOf('rest');
			expect(rest.length).toBeGreaterThan(0);
			expect(rest.some((row) => row.values.login_status !== null)).toBe(true);
			expect(await rowsOf('partitioned')).toEqual(rest);
			expect(await rowsOf('bulk')).toEqual(rest);
		}
	);
});
