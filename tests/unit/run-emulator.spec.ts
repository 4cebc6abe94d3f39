/**
 * The run pipeline (with the real mapping engine) against the emulator's handler in-process: full runs
 * reconcile with a direct SOQL COUNT(), and the next request is out while a page is written.
 */
import { describe, expect, it } from 'vitest';
import type { Connector } from '$lib/core/model';
import type { RunSink } from '$lib/core/run';
import { memorySink } from '$lib/core/run/memory-sink';
import { MAX_CHAINED_PAGES } from '$lib/core/salesforce/requests';
import { baseConnector, directCount, expectNoDuplicateIds, run, setup } from './run-emulator-support';

describe('runs against the emulator reconcile with SOQL COUNT()', () => {
	const cases: { batchSize: number; userStatus: Connector['userStatus']; companyDomains: string[] }[] = [
		{ batchSize: 200, userStatus: 'all', companyDomains: ['*'] },
		{ batchSize: 500, userStatus: 'active', companyDomains: ['*'] },
		{ batchSize: 2000, userStatus: 'inactive', companyDomains: ['*'] },
		{ batchSize: 300, userStatus: 'all', companyDomains: ['acme.example.com'] },
		{ batchSize: 1000, userStatus: 'active', companyDomains: ['acme.example.com', 'globex.example.net'] }
	];
	for (const { batchSize, userStatus, companyDomains } of cases) {
		it(`batch ${batchSize}, ${userStatus} users, domains ${companyDomains.join(' ')}`, async () => {
			const { emulator, client } = setup(3000);
			const connector = { ...baseConnector, batchSize, userStatus, companyDomains };
			const count = await directCount(emulator, connector);
			const memory = memorySink();
			const outcome = await run(client, connector, memory.sink);
			expect(outcome.status).toBe('success');
			const { checkpoint } = outcome;
			expect(checkpoint.totalSize).toBe(count);
			expect(checkpoint.received).toBe(count);
			expect(checkpoint.processed + checkpoint.skipped + checkpoint.duplicates).toBe(count);
			expect(memory.rows()).toHaveLength(checkpoint.processed);
			expect(memory.pages).toHaveLength(Math.max(1, Math.ceil(count / batchSize)));
			expectNoDuplicateIds(memory.rows());
			const mapped = memory.rows().find((row) => typeof row.values.department === 'string');
			expect(mapped?.values.label).toBe(
				`${String(mapped?.values.department).toUpperCase()} / ${String(mapped?.values.upn)}`
			);
			if (!companyDomains.includes('*')) {
				expect(checkpoint.skipped).toBe(0);
				const suffixes = companyDomains.map((domain) => `@${domain}`);
				expect(
					memory
						.rows()
						.every((row) => suffixes.some((suffix) => row.identifier.toLowerCase().endsWith(suffix)))
				).toBe(true);
			}
		});
	}

	it('queryAll when deleted users are included', async () => {
		const { emulator, client } = setup(1500);
		const connector = { ...baseConnector, includeDeleted: true };
		const count = await directCount(emulator, connector);
		const outcome = await run(client, connector, memorySink().sink);
		expect(outcome.status).toBe('success');
		expect(outcome.checkpoint.received).toBe(count);
	});
});

/** The request (from 1) that carries page `page` of one cursor: the query's, then five pages a request. */
const requestCarrying = (page: number) => (page === 1 ? 1 : 2 + Math.floor((page - 2) / MAX_CHAINED_PAGES));

describe('fetch ahead', () => {
	it('one cursor comes five pages a request; while a page is written the next request is out, never more than one beyond', async () => {
		const { client, stats } = setup(3000);
		const requestsDuringWrite: number[] = [];
		const sink: RunSink = {
			async writePage() {
				await new Promise((resolve) => setTimeout(resolve, 1));
				requestsDuringWrite.push(stats.requests.length);
			}
		};
		const outcome = await run(client, baseConnector, sink);
		expect(outcome.status).toBe('success');
		// 15 pages of 200: the query's first page, then 2–6, 7–11 and 12–15 chained.
		expect(requestsDuringWrite).toHaveLength(15);
		expect(stats.requests).toHaveLength(4);
		expect(stats.requests.slice(1).every((url) => url.endsWith('/composite'))).toBe(true);
		requestsDuringWrite.forEach((requests, index) => {
			const carrying = requestCarrying(index + 1);
			// Page n+1 is mapped while page n is written, and the client fetches one request ahead of that.
			expect(requests).toBeGreaterThanOrEqual(Math.min(carrying + 1, 4));
			expect(requests).toBeLessThanOrEqual(carrying + 2);
		});
	});
});
