/** Shared setup of the Bulk API 2.0 tests: an emulated org, a client on it, and ways to read a query both ways. */
import type { SalesforceClientOptions } from '$lib/core/salesforce';
import { bulkQueryPages, type BulkPage, type BulkQueryOptions } from '$lib/core/salesforce/bulk';
import type { SalesforceRecord } from '$lib/core/salesforce/responses';
import { createEmulator, type EmulatorOptions } from '$lib/emulator';
import { emulatorClient } from './emulator-client';

/** An emulated org and a client on it that counts token refreshes and requests. */
export function bulkSetup(
	options: EmulatorOptions = {},
	apiVersion = '62.0',
	extra: Partial<SalesforceClientOptions> = {}
) {
	const emulator = createEmulator({ users: 200, seed: 21, apiVersions: ['57.0', '62.0'], ...options });
	return { emulator, ...emulatorClient(emulator, { apiVersion, withMethod: true, extra }) };
}

type Client = ReturnType<typeof bulkSetup>['client'];

/** Every record of a REST query, page after page. */
export async function restRecords(client: Client, soql: string, all = false): Promise<SalesforceRecord[]> {
	const records: SalesforceRecord[] = [];
	for await (const page of client.queryPages(soql, { all })) records.push(...page.records);
	return records;
}

/** Every page of a Bulk query. */
export async function bulkPages(
	client: Client,
	soql: string,
	options: BulkQueryOptions = {}
): Promise<BulkPage[]> {
	const pages: BulkPage[] = [];
	for await (const page of bulkQueryPages(client, soql, { sleep: async () => undefined, ...options }))
		pages.push(page);
	return pages;
}

/** Records in Id order (Bulk pages may come in any order). */
export function byId<T extends { Id?: unknown } | { id?: unknown }>(
	items: T[],
	key: (item: T) => string
): T[] {
	return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The org's COUNT() for a query's FROM and WHERE. */
export async function countOf(client: Client, from: string, all = false): Promise<number> {
	const page = all
		? await client.queryAll(`SELECT COUNT() ${from}`)
		: await client.query(`SELECT COUNT() ${from}`);
	return page.totalSize;
}
