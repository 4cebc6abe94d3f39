/**
 * Bulk API 2.0 queries with faults in the middle, against the emulator in-process: a 401 mid-download
 * (one refresh), 503s (retried), a result page cut off (asked for again), a job that fails, a network drop
 * then a resume from the last BulkResumePoint, a job gone before a resume, cancel (the job is aborted),
 * and polling until the job completes. Whatever happens, nothing is lost or duplicated: the Ids equal
 * the org's COUNT().
 */
import { describe, expect, it } from 'vitest';
import { toAppError } from '$lib/core/errors';
import { bulkQueryPages, type BulkPage, type BulkResumePoint } from '$lib/core/salesforce/bulk';
import type { FaultRule } from '$lib/emulator/faults';
import { bulkPages, bulkSetup, countOf } from './bulk-support';

const SOQL = 'SELECT Id, Username, Email, IsActive, Manager.Email FROM User';

function expectComplete(pages: BulkPage[], count: number) {
	const ids = pages.flatMap((page) => page.records.map((record) => String(record.Id)));
	expect(new Set(ids).size).toBe(ids.length);
	expect(ids.length).toBe(count);
}

for (const version of ['62.0', '57.0']) {
	describe(`Bulk faults in the middle (API ${version})`, () => {
		const setup = (faults: FaultRule[]) => bulkSetup({ users: 1000, bulkPageRecords: 100, faults }, version);

		it('a 401 mid-download costs one token refresh and nothing else', async () => {
			const { client, stats } = setup([
				{ fault: { kind: 'unauthorized', expireSessions: true }, on: 'bulkResults', from: 3, times: 1 }
			]);
			const pages = await bulkPages(client, SOQL);
			expect(stats.refreshes).toBe(1);
			expectComplete(pages, await countOf(client, 'FROM User'));
		});

		it('503s are retried', async () => {
			const { client, stats } = setup([
				{ fault: { kind: 'unavailable' }, on: 'bulkResults', from: 2, times: 2 }
			]);
			const pages = await bulkPages(client, SOQL);
			expectComplete(pages, await countOf(client, 'FROM User'));
			expect(stats.requests.filter((request) => request.includes('/results')).length).toBe(pages.length + 2);
		});

		it('a result page cut off is asked for again', async () => {
			const { client, stats } = setup([
				{ fault: { kind: 'truncatedBody' }, on: 'bulkResults', from: 4, times: 1 }
			]);
			const pages = await bulkPages(client, SOQL);
			expectComplete(pages, await countOf(client, 'FROM User'));
			expect(stats.requests.filter((request) => request.includes('/results')).length).toBe(pages.length + 1);
		});

		it('a failed job ends the query with its error message', async () => {
			const { client } = setup([
				{ fault: { kind: 'bulkJobFailed', errorMessage: 'InternalServerError: retry later' }, on: 'bulkJob' }
			]);
			const thrown = await bulkPages(client, SOQL, { pollIntervalMs: 1 }).catch(toAppError);
			expect(thrown).toMatchObject({ code: 'SF_BULK_JOB_FAILED' });
			expect((thrown as { message: string }).message).toMatch(/InternalServerError: retry later/);
		});

		it('a network drop past the retries, then a resume, delivers every page once', async () => {
			const { client, emulator } = setup([
				{ fault: { kind: 'dropConnection' }, on: 'bulkResults', from: 4, times: 20 }
			]);
			const delivered: BulkPage[] = [];
			let resume: BulkResumePoint | undefined;
			const first = await (async () => {
				for await (const page of bulkQueryPages(client, SOQL, { sleep: async () => undefined })) {
					delivered.push(page);
					resume = page.resume;
				}
			})().catch(toAppError);
			expect(first).toMatchObject({ code: 'NETWORK' });
			expect(delivered.length).toBeGreaterThan(0);
			emulator.faults.clear();
			const rest = await bulkPages(client, SOQL, { resume });
			expect(rest.length).toBeGreaterThan(0);
			expect(rest[0].jobId).toBe(delivered[0].jobId);
			expectComplete([...delivered, ...rest], await countOf(client, 'FROM User'));
			expect(rest[rest.length - 1].resume.delivered).toHaveLength(delivered.length + rest.length);
		});
	});
}

describe('Bulk jobs that end or wait', () => {
	it('a resume of a job that no longer exists says so with SF_BULK_JOB_NOT_FOUND', async () => {
		const { client, emulator } = bulkSetup();
		const [page] = await bulkPages(client, SOQL);
		emulator.bulkJobs.delete(page.jobId);
		const thrown = await bulkPages(client, SOQL, { resume: page.resume }).catch(toAppError);
		expect(thrown).toMatchObject({ code: 'SF_BULK_JOB_NOT_FOUND' });
	});

	it('cancel aborts a job that has not completed', async () => {
		const { client, emulator } = bulkSetup({ bulkQueueMs: 60_000 });
		const controller = new AbortController();
		const jobs: string[] = [];
		const thrown = await bulkPages(client, SOQL, {
			signal: controller.signal,
			onJob: (job) => {
				jobs.push(job.id);
				controller.abort();
			},
			sleep: (ms, signal) =>
				new Promise((resolve, reject) => {
					if (signal?.aborted) reject(new Error('aborted'));
					signal?.addEventListener('abort', () => reject(new Error('aborted')));
				})
		}).catch((error: unknown) => error);
		expect(thrown).toBeDefined();
		await new Promise((resolve) => setTimeout(resolve, 20));
		const job = emulator.bulkJobs.get(jobs[0]);
		expect(job && emulator.bulkJobs.state(job)).toBe('Aborted');
	});

	it('polls with a growing wait until the job completes, reporting each state', async () => {
		const { client, emulator } = bulkSetup({ users: 500, bulkQueueMs: 1000, bulkMsPer1000Rows: 8000 });
		const waits: number[] = [];
		const states: string[] = [];
		const pages = await bulkPages(client, SOQL, {
			onJob: (job) => states.push(job.state),
			sleep: async (ms) => {
				waits.push(ms);
				emulator.clock.advance(ms);
			}
		});
		expect(states[0]).toBe('UploadComplete');
		expect(states).toContain('InProgress');
		expect(states[states.length - 1]).toBe('JobComplete');
		expect(waits.slice(0, 4)).toEqual([250, 500, 1000, 2000]);
		expectComplete(pages, await countOf(client, 'FROM User'));
	});

	it('stops waiting after maxWaitMs with SF_BULK_JOB_TIMEOUT', async () => {
		const { client } = bulkSetup({ bulkQueueMs: 3_600_000 });
		const thrown = await bulkPages(client, SOQL, { maxWaitMs: 10_000 }).catch(toAppError);
		expect(thrown).toMatchObject({ code: 'SF_BULK_JOB_TIMEOUT' });
	});

	it('refuses a query Bulk cannot run, before creating a job', async () => {
		const { client, stats } = bulkSetup();
		const thrown = await bulkPages(client, 'SELECT COUNT() FROM User').catch(toAppError);
		expect(thrown).toMatchObject({ code: 'SF_BULK_UNSUPPORTED' });
		expect(stats.requests).toEqual([]);
	});
});
