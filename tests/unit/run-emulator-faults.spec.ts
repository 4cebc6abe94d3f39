/**
 * The QUALITY.md fault cases of a run against the emulator's handler in-process (Q6, Q7, Q10–Q17, Q22,
 * Q23, cancel, CORS) end as they must.
 */
import { describe, expect, it } from 'vitest';
import { toAppError } from '$lib/core/errors';
import { memorySink } from '$lib/core/run/memory-sink';
import { createSalesforceClient } from '$lib/core/salesforce';
import { createEmulator } from '$lib/emulator';
import type { FaultRule } from '$lib/emulator/faults';
import type { SalesforceClientOptions } from '$lib/core/salesforce';
import {
	baseConnector,
	directCount,
	expectNoDuplicateIds,
	run,
	setup as setupWith
} from './run-emulator-support';

type PageOrComposite = { records: unknown[] } | { compositeResponse: { body: { records: unknown[] } }[] };

// Every case twice: pages as plain GETs (the command line) and through the Composite resource (the browser).
describe.each([
	['as plain GETs', false],
	['through the Composite resource', true]
])('faults during a run, pages %s', (_, pagesThroughComposite) => {
	const setup = (users: number, faults: FaultRule[] = [], extra: Partial<SalesforceClientOptions> = {}) =>
		setupWith(users, faults, { pagesThroughComposite, ...extra });
	it('Q6: 401 on page 3 → one refresh, page 3 again, rows = totalSize, no duplicate Ids', async () => {
		const { client, stats } = setup(2000, [{ fault: { kind: 'unauthorized' }, from: 3, times: 1 }]);
		const memory = memorySink();
		const outcome = await run(client, baseConnector, memory.sink);
		expect(outcome.status).toBe('success');
		expect(stats.refreshes).toBe(1);
		expect(outcome.checkpoint.received).toBe(outcome.checkpoint.totalSize);
		expectNoDuplicateIds(memory.rows());
	});

	it('Q7: a second 401 right after the refresh → paused "sign in again", checkpoint kept, one refresh', async () => {
		const { client, stats } = setup(2000, [{ fault: { kind: 'unauthorized' }, from: 3, times: 2 }]);
		const memory = memorySink();
		const outcome = await run(client, baseConnector, memory.sink);
		expect(outcome.status).toBe('paused');
		expect(outcome.error?.code).toBe('AUTH_SIGN_IN_AGAIN');
		expect(stats.refreshes).toBe(1);
		expect(outcome.checkpoint.pages).toBe(2);
		expect(outcome.checkpoint.nextRecordsUrl).not.toBeNull();
		expect(memory.pages).toHaveLength(2);
	});

	it('Q12: 503 three times then 200 → retried with jitter under the cap, Retry-After honoured', async () => {
		const { client, stats } = setup(1000, [
			{ fault: { kind: 'unavailable' }, from: 2, times: 2 },
			{ fault: { kind: 'unavailable', retryAfterSeconds: 3 }, from: 4, times: 1 }
		]);
		const outcome = await run(client, baseConnector, memorySink().sink);
		expect(outcome.status).toBe('success');
		expect(stats.sleeps).toHaveLength(3);
		expect(stats.sleeps[0]).toBeLessThan(500);
		expect(stats.sleeps[1]).toBeLessThan(1000);
		expect(stats.sleeps[2]).toBe(3000);
		expect(outcome.checkpoint.received).toBe(outcome.checkpoint.totalSize);
	});

	it('Q12: 503 forever → failure "retries exhausted", checkpoint kept', async () => {
		const { client, stats } = setup(1000, [{ fault: { kind: 'unavailable' }, from: 3 }]);
		const memory = memorySink();
		const outcome = await run(client, baseConnector, memory.sink);
		expect(outcome.status).toBe('failure');
		expect(outcome.error?.code).toBe('RETRIES_EXHAUSTED');
		expect(outcome.description).toContain('Retries exhausted');
		expect(outcome.description).toContain('after 5 attempts');
		expect(stats.sleeps).toHaveLength(4);
		expect(outcome.checkpoint.pages).toBe(2);
		expect(memory.pages).toHaveLength(2);
	});

	it('Q13: REQUEST_LIMIT_EXCEEDED → no retry, failure showing the API usage', async () => {
		const { client, stats } = setup(1000, [{ fault: { kind: 'requestLimit' }, from: 2 }]);
		const outcome = await run(client, baseConnector, memorySink().sink);
		expect(outcome.status).toBe('failure');
		expect(outcome.error?.code).toBe('SF_REQUEST_LIMIT');
		expect(outcome.description).toMatch(/\d+ of 100000/);
		expect(stats.sleeps).toHaveLength(0);
	});

	it('SF_QUERY_TIMEOUT fails the run without retry, with advice', async () => {
		const { client, stats } = setup(500, [{ fault: { kind: 'queryTimeout' } }]);
		const outcome = await run(client, baseConnector, memorySink().sink);
		expect(outcome).toMatchObject({ status: 'failure', error: { code: 'SF_QUERY_TIMEOUT' } });
		expect(outcome.description).toContain('Narrow the WHERE clause');
		expect(stats.sleeps).toHaveLength(0);
	});

	it('Q10 and Q11: a malformed query or unknown field fails with its location, nothing written', async () => {
		const { client } = setup(100);
		const memory = memorySink();
		const malformed = await run(client, { ...baseConnector, soql: 'SELECT Id, FROM User' }, memory.sink);
		expect(malformed.status).toBe('failure');
		expect(malformed.error?.code).toBe('SF_MALFORMED_QUERY');
		const unknown = await run(
			client,
			{ ...baseConnector, soql: 'SELECT Id, Email, Nope__c FROM User' },
			memory.sink
		);
		expect(unknown.status).toBe('failure');
		expect(unknown.error).toMatchObject({ code: 'SF_INVALID_FIELD', field: 'Nope__c' });
		expect(unknown.error?.column).toBeGreaterThan(0);
		expect(memory.pages).toHaveLength(0);
	});

	it('Q14: network drop mid-run → paused; resumed from the same page when the network is back, no duplicates', async () => {
		const { emulator, client } = setup(2000, [{ fault: { kind: 'dropConnection' }, from: 4 }]);
		const memory = memorySink();
		const paused = await run(client, baseConnector, memory.sink);
		expect(paused.status).toBe('paused');
		expect(paused.error?.code).toBe('NETWORK');
		expect(paused.checkpoint.pages).toBe(3);
		emulator.faults.clear();
		const resumed = await run(client, baseConnector, memory.sink, {
			resume: { checkpoint: paused.checkpoint, storedIdentifiers: memory.identifiers }
		});
		expect(resumed.status).toBe('success');
		const count = await directCount(emulator, baseConnector);
		expect(resumed.checkpoint.received).toBe(count);
		expect(memory.rows()).toHaveLength(resumed.checkpoint.processed);
		expectNoDuplicateIds(memory.rows());
	});

	it('Q15: an expired cursor on resume → restart after the last stored Id, no duplicates, no gaps', async () => {
		const { emulator, client, stats } = setup(2500, [{ fault: { kind: 'dropConnection' }, from: 5 }]);
		const memory = memorySink();
		const paused = await run(client, baseConnector, memory.sink);
		expect(paused.status).toBe('paused');
		emulator.faults.clear();
		emulator.faults.add({ fault: { kind: 'expiredCursor' }, on: 'queryMore', times: 1 });
		const resumed = await run(client, baseConnector, memory.sink, {
			resume: { checkpoint: paused.checkpoint, storedIdentifiers: memory.identifiers }
		});
		expect(resumed.status).toBe('success');
		expect(
			stats.requests.filter((url) => url.includes(`WHERE Id > '${paused.checkpoint.lastId}'`))
		).toHaveLength(1);
		const count = await directCount(emulator, baseConnector);
		expect(resumed.checkpoint.received).toBe(count);
		expect(resumed.checkpoint.totalSize).toBe(count);
		const ids = memory.pages.flatMap((page) => page.rows.map((row) => row.id));
		expectNoDuplicateIds(memory.rows());
		expect([...ids].sort()).toEqual(ids);
		const fresh = memorySink();
		await run(setup(2500).client, baseConnector, fresh.sink);
		expect(ids).toEqual(fresh.rows().map((row) => row.id));
	});

	it('Q15: a cursor that expires mid-run is replaced by the Id restart within the same run', async () => {
		const { emulator, client } = setup(2000, [
			{ fault: { kind: 'expiredCursor' }, on: 'queryMore', from: 3, times: 1 }
		]);
		const memory = memorySink();
		const outcome = await run(client, baseConnector, memory.sink);
		expect(outcome.status).toBe('success');
		expect(outcome.checkpoint.received).toBe(await directCount(emulator, baseConnector));
		expectNoDuplicateIds(memory.rows());
	});

	it('Q15: with its own ORDER BY a query cannot restart after an Id, and the run says so', async () => {
		const { client } = setup(2000, [
			{ fault: { kind: 'expiredCursor' }, on: 'queryMore', from: 2, times: 1 }
		]);
		const outcome = await run(
			client,
			{ ...baseConnector, soql: `${baseConnector.soql} ORDER BY Username` },
			memorySink().sink
		);
		expect(outcome.status).toBe('failure');
		expect(outcome.error?.code).toBe('SF_INVALID_LOCATOR');
		expect(outcome.description).toContain('ORDER BY');
	});

	it('Q16: a body cut off mid-JSON or a dropped body is retried, never half-parsed', async () => {
		const { client, stats } = setup(1000, [
			{ fault: { kind: 'truncatedBody' }, from: 2, times: 1 },
			{ fault: { kind: 'dropConnection', when: 'midBody' }, from: 4, times: 1 }
		]);
		const memory = memorySink();
		const outcome = await run(client, baseConnector, memory.sink);
		expect(outcome.status).toBe('success');
		expect(stats.sleeps).toHaveLength(2);
		expect(outcome.checkpoint.received).toBe(outcome.checkpoint.totalSize);
		expectNoDuplicateIds(memory.rows());
	});

	it('Q17: a page that lost rows on the way → partial with the reason, never a silent success', async () => {
		const emulator = createEmulator({ users: 1000, seed: 11 });
		let pageNumber = 0;
		const client = createSalesforceClient({
			fetch: async (request) => {
				const response = await emulator.handle(request);
				if (++pageNumber !== 2) return response;
				const body = (await response.json()) as PageOrComposite;
				('compositeResponse' in body ? body.compositeResponse[0].body : body).records.pop();
				return new Response(JSON.stringify(body), { status: response.status });
			},
			pagesThroughComposite,
			instanceUrl: emulator.options.instanceUrl,
			apiVersion: '65.0',
			getAccessToken: async () => emulator.adminToken
		});
		const outcome = await run(client, baseConnector, memorySink().sink);
		expect(outcome.status).toBe('partial');
		expect(outcome.error?.code).toBe('RUN_COUNT_MISMATCH');
		expect(outcome.checkpoint.received).toBe((outcome.checkpoint.totalSize ?? 0) - 1);
	});

	it('Q22: blank identifiers are skipped and counted; duplicates keep the first, counted and sampled', async () => {
		const { emulator, client } = setup(3000);
		const memory = memorySink();
		const outcome = await run(client, baseConnector, memory.sink);
		const { checkpoint } = outcome;
		expect(outcome.status).toBe('success');
		expect(checkpoint.skipped).toBeGreaterThan(0);
		expect(checkpoint.skippedReasons['blank identifier']).toBe(checkpoint.skipped);
		expect(checkpoint.duplicates).toBeGreaterThan(0);
		expect(checkpoint.duplicatesSample.length).toBe(Math.min(100, checkpoint.duplicates));
		const keys = memory.rows().map((row) => row.identifier.toLowerCase());
		expect(new Set(keys).size).toBe(keys.length);
		const withoutEmail = await directCount(emulator, {
			...baseConnector,
			soql: `${baseConnector.soql} WHERE Email = null`
		});
		expect(checkpoint.skipped).toBe(withoutEmail);
		const byDepartment = await run(
			client,
			{
				...baseConnector,
				mapping: { ...baseConnector.mapping, identifier: { expression: 'Department', kind: 'upn' } }
			},
			memorySink().sink
		);
		expect(byDepartment.checkpoint.duplicatesSample).toHaveLength(100);
		expect(
			byDepartment.checkpoint.processed + byDepartment.checkpoint.duplicates + byDepartment.checkpoint.skipped
		).toBe(byDepartment.checkpoint.received);
	});

	it('Q23: more rows than the cap → the first ones processed, status partial, description says why', async () => {
		const { client } = setup(1500);
		const memory = memorySink();
		const outcome = await run(client, { ...baseConnector, userStatus: 'active' }, memory.sink, {
			maxRows: 700
		});
		expect(outcome.status).toBe('partial');
		expect(outcome.description).toBe('Too many rows received: only the first 700 were processed.');
		expect(memory.rows()).toHaveLength(700);
	});

	it('cancel stops within one page and leaves a consistent checkpoint', async () => {
		const { client } = setup(2000);
		const controller = new AbortController();
		const memory = memorySink();
		const outcome = await run(client, baseConnector, memory.sink, {
			signal: controller.signal,
			onProgress: (progress) => {
				if (progress.pages === 2) controller.abort();
			},
			progressIntervalMs: 0
		});
		expect(outcome.status).toBe('cancelled');
		expect(outcome.checkpoint.pages).toBe(2);
		expect(memory.pages).toHaveLength(2);
		const last = memory.pages[1].checkpoint;
		expect(last.received).toBe(400);
		expect(last.processed).toBe(memory.rows().length);
	});

	it('a connection refused by CORS in a browser names the allowlist', async () => {
		const { client } = setup(10, [{ fault: { kind: 'dropConnection' } }], {
			opaqueNetworkErrors: true,
			retry: { retries: 0 }
		});
		const failure = await client.query('SELECT Id FROM User').catch(toAppError);
		expect(failure).toMatchObject({ code: 'CORS_OR_NETWORK' });
	});
});
