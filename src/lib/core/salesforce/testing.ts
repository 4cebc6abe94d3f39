/**
 * Test support for the REST client: a fake org answering JSON, pages of User Ids, a client that records
 * its waits instead of sleeping, and the failure a call ends with.
 */
import { expect } from 'vitest';
import { AppFailure, toAppError } from '../errors';
import { createSalesforceClient, type FetchLike, type SalesforceClientOptions } from './client';

/** The instance the test clients talk to. */
export const instanceUrl = 'https://acme.my.salesforce.com';

/** A JSON answer with an API usage header. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'Content-Type': 'application/json', 'Sforce-Limit-Info': 'api-usage=12/15000', ...headers }
	});
}

/** A query page of User Ids. */
export function page(ids: string[], next: string | null, totalSize: number) {
	return {
		totalSize,
		done: next === null,
		...(next ? { nextRecordsUrl: next } : {}),
		records: ids.map((Id) => ({ attributes: { type: 'User' }, Id }))
	};
}

/** A client over a fake fetch, with the waits it would sleep recorded instead. */
export function makeClient(fetch: FetchLike, extra: Partial<SalesforceClientOptions> = {}) {
	const sleeps: number[] = [];
	const client = createSalesforceClient({
		fetch,
		instanceUrl,
		apiVersion: '65.0',
		getAccessToken: async () => 'token-1',
		sleep: async (ms) => {
			sleeps.push(ms);
		},
		random: () => 0.5,
		...extra
	});
	return { client, sleeps };
}

/** The AppError a promise fails with. */
export async function failureOf(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (thrown) {
		expect(thrown).toBeInstanceOf(AppFailure);
		return toAppError(thrown);
	}
	throw new Error('expected a failure');
}
