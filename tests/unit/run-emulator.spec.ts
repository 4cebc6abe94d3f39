/**
 * The run pipeline (with the real mapping engine) against the emulator's handler in-process: full runs
 * reconcile with a direct SOQL COUNT(), and page n+1 is fetched while page n is written.
 */
import { describe, expect, it } from 'vitest';
import type { Connector } from '$lib/core/model';
import type { RunSink } from '$lib/core/run';
import { memorySink } from '$lib/core/run/memory-sink';
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

describe('fetch ahead', () => {
	it('while page n is being written, page n+1 is already requested, and never more than two pages ahead', async () => {
		const { client, stats } = setup(1000);
		const requestedDuringWrite: number[] = [];
		const sink: RunSink = {
			async writePage({ page }) {
				await new Promise((resolve) => setTimeout(resolve, 1));
				requestedDuringWrite.push(stats.requests.length - page);
			}
		};
		const outcome = await run(client, baseConnector, sink);
		expect(outcome.status).toBe('success');
		// Page n+1 is mapped while page n is written, and the client fetches one page ahead of that.
		expect(requestedDuringWrite).toHaveLength(5);
		expect(requestedDuringWrite.at(-1)).toBe(0);
		for (const ahead of requestedDuringWrite.slice(0, -1)) {
			expect(ahead).toBeGreaterThanOrEqual(1);
			expect(ahead).toBeLessThanOrEqual(2);
		}
	});
});
