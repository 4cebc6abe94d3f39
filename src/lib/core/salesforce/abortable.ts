/**
 * Waiting helpers for the REST client: racing a promise against an abort signal, and yielding to the
 * event loop so a started request reaches the transport.
 */
import { abortedFailure } from './retry';

/** Resolves after the pending microtasks and I/O callbacks have run. */
export function nextMacrotask(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Races a promise against an abort signal, so a transport that ignores the signal still stops. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) return promise;
	if (signal.aborted) {
		promise.catch(() => undefined);
		return Promise.reject(abortedFailure());
	}
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(abortedFailure());
		signal.addEventListener('abort', onAbort, { once: true });
		promise.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			}
		);
	});
}
