/**
 * The worker's typed surface. Everything here runs inside the worker; pages reach it through Comlink
 * (client.ts). Every method returns a Result: errors cross the boundary as data with stable codes.
 */
import { toAppError, type AppError, type Result } from '../core/errors';
import type { ConnectorDatabase } from '../store/db';
import { storageError } from '../store/errors';

/** Bumped when the surface changes shape. */
export const WORKER_API_VERSION = 1;

/** What `health()` reports: the worker is alive and its database opens. */
export interface HealthReport {
	apiVersion: number;
	database: { name: string; version: number; tables: string[]; connectors: number; runs: number };
}

/** What the worker needs from its host. */
export interface WorkerDeps {
	database: () => ConnectorDatabase;
}

/** Runs `body` and returns its value, or the error it threw as data. */
export async function asResult<T>(
	body: () => Promise<T>,
	mapError: (thrown: unknown) => AppError = toAppError
): Promise<Result<T>> {
	try {
		return { ok: true, value: await body() };
	} catch (thrown) {
		return { ok: false, error: mapError(thrown) };
	}
}

/** Builds the worker API over its dependencies. */
export function createWorkerApi(deps: WorkerDeps) {
	return {
		/** Opens the database in the worker and reports its version and row counts. */
		health(): Promise<Result<HealthReport>> {
			return asResult(
				async () => {
					const db = deps.database();
					await db.open();
					return {
						apiVersion: WORKER_API_VERSION,
						database: {
							name: db.name,
							version: db.verno,
							tables: db.tables.map((table) => table.name).sort(),
							connectors: await db.connectors.count(),
							runs: await db.runs.count()
						}
					};
				},
				(thrown) => storageError(thrown)
			);
		}
	};
}

/** The API as pages see it. */
export type WorkerApi = ReturnType<typeof createWorkerApi>;
