/**
 * Every version of the IndexedDB schema, oldest first. A version is never edited once released: a change
 * is a new version with its own upgrade and its own test (see migrations.spec.ts).
 */
import type { Transaction } from 'dexie';

/** Name of the app's one database. */
export const DATABASE_NAME = 'salesforce-user-connector';

/** One schema version: its stores and, when data has to move, its upgrade. */
export interface SchemaVersion {
	version: number;
	stores: Record<string, string | null>;
	upgrade?: (tx: Transaction) => Promise<void>;
}

/** Version 1: configs, credential metadata, run logs, result chunks by page, checkpoints, settings. */
const v1: SchemaVersion = {
	version: 1,
	stores: {
		connectors: 'id, &nqlId, name, updatedAt',
		credentials: 'id, label',
		runs: 'id, connectorId, time, status, [connectorId+time]',
		chunks: '[runId+page], runId',
		checkpoints: 'runId',
		settings: 'key'
	}
};

/**
 * Version 2: encrypted secrets and their wrapping key, pending sign-ins, run diffs by page, describe cache.
 * Run logs gain `columns` (mapping order) and `diff`, filled from the connector for old rows.
 */
const v2: SchemaVersion = {
	version: 2,
	stores: {
		secrets: 'id, credentialId',
		keys: 'id',
		pendingAuth: 'state, createdAt',
		diffs: '[runId+page], runId',
		describeCache: 'key, fetchedAt'
	},
	async upgrade(tx) {
		const connectors = new Map<
			string,
			{ mapping?: { fields?: { target: string }[]; identifier?: { kind?: string } } }
		>();
		await tx.table('connectors').each((connector) => connectors.set(connector.id, connector));
		await tx
			.table('runs')
			.toCollection()
			.modify((run) => {
				const connector = connectors.get(run.connectorId);
				const identifierColumn = connector?.mapping?.identifier?.kind ?? 'identifier';
				run.columns ??= [
					identifierColumn,
					...(connector?.mapping?.fields ?? []).map((field) => field.target)
				];
				run.diff ??= null;
			});
	}
};

/**
 * Version 3: per page of results, its row count and fill counts (chunkStats) and its cells as search text
 * (chunkText), so a big run opens without reading its chunks. Pages stored before get theirs computed
 * once, when their run is first opened (chunk-records.ts), not here: an upgrade reading every chunk
 * would hold the database closed for seconds on a big store.
 */
const v3: SchemaVersion = {
	version: 3,
	stores: {
		chunkStats: '[runId+page], runId',
		chunkText: '[runId+page], runId'
	}
};

/** All versions in order; the last one is the current schema. */
export const SCHEMA_VERSIONS: SchemaVersion[] = [v1, v2, v3];
