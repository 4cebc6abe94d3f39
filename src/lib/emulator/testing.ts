/**
 * Test support for the emulator: what its JSON writers must give and a readable byte comparison, and the
 * emulator over HTTP-shaped requests (set-up, error checks, reading every page of a query).
 */
import { expect, vi } from 'vitest';
import { createEmulator, type EmulatorOptions } from './index';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The encoded JSON.stringify of a value: what every JSON writer here must give, byte for byte. */
export const stringified = (value: unknown) => encoder.encode(JSON.stringify(value));

/** Expects equal bytes, showing the two texts when they differ. */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array, context: string): void {
	if (Buffer.from(actual).equals(Buffer.from(expected))) return;
	expect(decoder.decode(actual), context).toBe(decoder.decode(expected));
	expect(Buffer.from(actual).equals(Buffer.from(expected)), context).toBe(true);
}

/** The emulated org's My Domain. */
export const BASE = 'https://acme.my.salesforce.com';
/** The admin session token the emulator of the specs accepts. */
export const TOKEN = '00DEMULATOR0001!handler-spec-token';
/** The app's origin, on the CORS allowlist by default. */
export const APP = 'http://127.0.0.1:4173';

/** The body of a query page. */
export interface QueryBody {
	totalSize: number;
	done: boolean;
	nextRecordsUrl?: string;
	records: Record<string, unknown>[];
}
type ErrorBody = { message: string; errorCode: string }[];

/** An emulator of 3,000 users, with `get` and `query` helpers authorised as the admin. */
export function setupEmulator(options: EmulatorOptions = {}) {
	const emulator = createEmulator({
		users: 3000,
		seed: 11,
		instanceUrl: BASE,
		adminToken: TOKEN,
		...options
	});
	const get = (path: string, headers: Record<string, string> = {}) =>
		emulator.handle(new Request(BASE + path, { headers: { Authorization: `Bearer ${TOKEN}`, ...headers } }));
	const query = (soql: string, headers: Record<string, string> = {}, resource = 'query') =>
		get(`/services/data/v66.0/${resource}?q=${encodeURIComponent(soql)}`, headers);
	return { emulator, get, query };
}

/** Expects a Salesforce error body with this status and code (and message, when given). */
export async function expectError(response: Response, status: number, errorCode: string, message?: string) {
	expect(response.status).toBe(status);
	const body = (await response.json()) as ErrorBody;
	expect(Array.isArray(body)).toBe(true);
	expect(body[0].errorCode).toBe(errorCode);
	if (message !== undefined) expect(body[0].message).toBe(message);
	return body;
}

/** Follows `nextRecordsUrl` from a first page to the last; every page and all their records. */
export async function readAllPages(
	get: ReturnType<typeof setupEmulator>['get'],
	first: Response,
	headers: Record<string, string> = {}
): Promise<{ pages: QueryBody[]; records: Record<string, unknown>[] }> {
	const pages: QueryBody[] = [(await first.json()) as QueryBody];
	for (let guard = 0; !pages[pages.length - 1].done && guard < 1000; guard++) {
		const response = await get(pages[pages.length - 1].nextRecordsUrl as string, headers);
		expect(response.status).toBe(200);
		pages.push((await response.json()) as QueryBody);
	}
	return { pages, records: pages.flatMap((page) => page.records) };
}

/** Runs the work the emulator scheduled in the background (pages built ahead) now, and waits for it. */
export const backgroundWork = () => vi.runOnlyPendingTimersAsync();
