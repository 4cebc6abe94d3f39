/**
 * The page side of the worker: one worker per tab, wrapped by Comlink. A stuck worker can be terminated
 * and replaced (the mapping watchdog does that); callers always go through `worker()`.
 */
import * as Comlink from 'comlink';
import type { WorkerApi } from './api';

let current: { worker: Worker; api: Comlink.Remote<WorkerApi> } | null = null;

/** The tab's worker API, starting the worker on first use. */
export function worker(): Comlink.Remote<WorkerApi> {
	if (!current) {
		const instance = new Worker(new URL('./sync.worker.ts', import.meta.url), {
			type: 'module',
			name: 'sync'
		});
		current = { worker: instance, api: Comlink.wrap<WorkerApi>(instance) };
	}
	return current.api;
}

/** Terminates the worker (e.g. stuck past its budget); the next `worker()` call starts a fresh one. */
export function restartWorker(): void {
	current?.worker.terminate();
	current = null;
}

/** Wraps a callback (or an object of callbacks) so the worker can call it across the boundary. */
export function callback<T extends object>(value: T): T & Comlink.ProxyMarked {
	return Comlink.proxy(value);
}
