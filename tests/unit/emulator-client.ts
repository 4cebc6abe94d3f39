/**
 * A Salesforce client over an in-process emulator that renews its token like a signed-in app and records
 * what it did: every request, every token renewal, every backoff wait (waits return at once).
 */
import { createSalesforceClient, type SalesforceClientOptions } from '$lib/core/salesforce';
import type { Emulator } from '$lib/emulator';

/** What the client did. */
export interface ClientStats {
	refreshes: number;
	/** Backoff waits asked for, in milliseconds. */
	sleeps: number[];
	/** One line a request: its URL decoded (a composite request's followed by its subrequests'), after its method when `withMethod`. */
	requests: string[];
}

/** Options of the recording client. */
export interface EmulatorClientOptions {
	apiVersion?: string;
	/** Record `GET url` instead of `url`. */
	withMethod?: boolean;
	extra?: Partial<SalesforceClientOptions>;
}

/** The decoded URLs of a composite request's subrequests, each after a space; '' for any other request. */
async function subrequestUrls(request: Request): Promise<string> {
	if (request.method !== 'POST' || !request.url.endsWith('/composite')) return '';
	const body = (await request.clone().json()) as { compositeRequest: { url: string }[] };
	return body.compositeRequest.map((sub) => ` ${decodeURIComponent(sub.url)}`).join('');
}

/** A client over `emulator` whose refresh mints a fresh emulator token, and what it records. */
export function emulatorClient(emulator: Emulator, options: EmulatorClientOptions = {}) {
	let token = emulator.adminToken;
	const stats: ClientStats = { refreshes: 0, sleeps: [], requests: [] };
	const client = createSalesforceClient({
		fetch: async (request) => {
			const url = decodeURIComponent(request.url) + (await subrequestUrls(request));
			stats.requests.push(options.withMethod ? `${request.method} ${url}` : url);
			return emulator.handle(request);
		},
		instanceUrl: emulator.options.instanceUrl,
		apiVersion: options.apiVersion ?? '65.0',
		getAccessToken: async () => token,
		refreshAccessToken: async () => {
			stats.refreshes++;
			token = emulator.issueToken();
			return token;
		},
		sleep: async (ms) => {
			stats.sleeps.push(ms);
		},
		...options.extra
	});
	return { client, stats };
}
