/**
 * The demo org's transport: a `fetch` that answers requests to the emulator's instance URL from its
 * handler, in the same thread, with no network. Other URLs fail like an unreachable host.
 */
import type { RequestHandler } from './handler';

/** What the demo transport needs: the handler and the instance URL it answers for. */
export interface DemoFetchTarget {
	handle: RequestHandler;
	options: { instanceUrl: string };
}

/** A fetch function that serves the emulator's instance URL from its handler. */
export function createDemoFetch(emulator: DemoFetchTarget): typeof fetch {
	const origin = new URL(emulator.options.instanceUrl).origin;
	return async function demoFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
		const request = new Request(input, init);
		if (new URL(request.url).origin !== origin) {
			throw new TypeError(`Failed to fetch: the demo org only answers ${origin}`);
		}
		const { signal } = request;
		if (signal.aborted) throw signal.reason;
		return new Promise<Response>((resolve, reject) => {
			const onAbort = () => reject(signal.reason);
			signal.addEventListener('abort', onAbort, { once: true });
			emulator
				.handle(request)
				.then(resolve, reject)
				.finally(() => signal.removeEventListener('abort', onAbort));
		});
	};
}
