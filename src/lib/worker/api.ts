/**
 * The worker's typed surface. Everything here runs inside the worker; pages reach it through Comlink
 * (client.ts). Every method returns a Result: errors cross the boundary as data with stable codes.
 */
import type { Result } from '../core/errors';
import type { ConnectorDatabase } from '../store/db';
import { storageError } from '../store/errors';
import type { SessionCustody } from '../auth/custody';
import type { FetchLike } from '../core/salesforce';
import { connect as connectTo } from './connections';
import type { DemoChange } from '../demo';
import { createDemoOrg } from './demo-org';
import { createExports } from './exports';
import { createAuthApi } from './auth';
import { asResult } from './result';
import { createResultQueries } from './results';
import { createRunManager } from './runs';
import { createWorkspace } from './workspace';

/** Bumped when the surface changes shape. */
const WORKER_API_VERSION = 1;

/** What `health()` reports: the worker is alive and its database opens. */
export interface HealthReport {
	apiVersion: number;
	database: { name: string; version: number; tables: string[]; connectors: number; runs: number };
}

/** What the worker needs from its host. */
export interface WorkerDeps {
	database: () => ConnectorDatabase;
	/** The browser's fetch, for real orgs. */
	fetch: FetchLike;
	/** Session custody for real credentials: sign-in, sign-out and the REST clients' tokens. */
	custody: SessionCustody;
	locks?: LockManager;
}

/** Builds the worker API over its dependencies. */
export function createWorkerApi(deps: WorkerDeps) {
	const demoOrg = createDemoOrg(deps.database);
	const connect = (credentialId: string | null) =>
		connectTo(
			{
				demo: demoOrg.get,
				tokens: deps.custody,
				fetch: deps.fetch,
				credential: (id) => deps.database().credentials.get(id)
			},
			credentialId
		);
	const runs = createRunManager({ db: deps.database, connect, locks: deps.locks });
	const workspace = createWorkspace({ db: deps.database, connect });

	return {
		/** Answers at once: the page's heartbeat that the worker is not stuck. */
		ping: () => Date.now(),
		...runs,
		...workspace,
		...createExports({ db: deps.database }),
		...createResultQueries({ db: deps.database }),
		...createAuthApi(deps),
		/** The demo org's size and the changes applied to it. */
		demoSettings: () => asResult(demoOrg.settings),
		/** Rebuilds the demo org with this many users. */
		resizeDemoOrg: (users: number) => asResult(() => demoOrg.resize(users)),
		/** Adds, removes and changes users of the demo org, as a real org changes between syncs. */
		changeDemoOrg: (change: DemoChange) => asResult(() => demoOrg.applyChange(change)),
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
