/**
 * The page side of the workers, wrapped by Comlink. Runs go to the tab's run worker; tests and live
 * previews go to a sandbox worker that a watchdog terminates and replaces when an expression runs away
 * (Q20), so a stuck preview never takes a run down with it.
 */
import * as Comlink from 'comlink';
import { appError, type Result } from '../core/errors';
import type { WorkerApi } from './api';

interface Instance {
	worker: Worker;
	api: Comlink.Remote<WorkerApi>;
}

let runWorker: Instance | null = null;
let sandboxWorker: Instance | null = null;

function start(name: string): Instance {
	const instance = new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module', name });
	return { worker: instance, api: Comlink.wrap<WorkerApi>(instance) };
}

/** The tab's run worker, started on first use. */
export function worker(): Comlink.Remote<WorkerApi> {
	runWorker ??= start('sync');
	return runWorker.api;
}

/** Terminates the run worker (stuck past its heartbeat); the next `worker()` call starts a fresh one. */
export function restartWorker(): void {
	runWorker?.worker.terminate();
	runWorker = null;
}

/**
 * Calls the sandbox worker with a time budget. Past it the sandbox is terminated (a runaway expression
 * cannot be interrupted from inside) and MAPPING_TIMEOUT comes back; the next call starts a fresh one.
 */
export async function inSandbox<T>(
	call: (api: Comlink.Remote<WorkerApi>) => Promise<Result<T>>,
	budgetMs: number
): Promise<Result<T>> {
	sandboxWorker ??= start('sandbox');
	const current = sandboxWorker;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<Result<T>>((resolve) => {
		timer = setTimeout(() => {
			current.worker.terminate();
			if (sandboxWorker === current) sandboxWorker = null;
			resolve({
				ok: false,
				error: appError(
					'MAPPING_TIMEOUT',
					`No answer within ${budgetMs / 1000} s, so the evaluation was stopped. An expression is probably running away (a huge range, an endless recursion or a catastrophic regular expression).`
				)
			});
		}, budgetMs);
	});
	try {
		return await Promise.race([call(current.api), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** Wraps a callback (or an object of callbacks) so the worker can call it across the boundary. */
export function callback<T extends object>(value: T): T & Comlink.ProxyMarked {
	return Comlink.proxy(value);
}
