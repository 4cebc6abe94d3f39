/**
 * Connector configs on the page side: save with every problem listed (schema, unique NQL ID, NQL ID
 * locked after the first save), duplicate, import, and delete together with everything its runs left.
 */
import { Dexie } from 'dexie';
import { ConnectorSchema, validate, type Connector, type Problem, type RunLog } from '../core/model';
import { suggestNqlId } from '../core/templates';
import type { ConnectorDatabase } from './db';

/** A connector and its newest run, for the list. */
export interface ConnectorSummary {
	connector: Connector;
	lastRun: RunLog | null;
}

/** Saved, or every problem that kept it from being saved. */
export type SaveResult = { ok: true; connector: Connector } | { ok: false; problems: Problem[] };

/** What deleting a connector removes besides its config. */
export interface DeletionImpact {
	runs: number;
	resultChunks: number;
	diffPages: number;
	checkpoints: number;
}

/** The newest run of a connector (by start time), or null. */
async function lastRunOf(db: ConnectorDatabase, connectorId: string): Promise<RunLog | null> {
	const run = await db.runs
		.where('[connectorId+time]')
		.between([connectorId, Dexie.minKey], [connectorId, Dexie.maxKey])
		.last();
	return run ?? null;
}

/** Every connector by name, each with its newest run. */
export async function listConnectorSummaries(db: ConnectorDatabase): Promise<ConnectorSummary[]> {
	const connectors = await db.connectors.orderBy('name').toArray();
	return Promise.all(
		connectors.map(async (connector) => ({ connector, lastRun: await lastRunOf(db, connector.id) }))
	);
}

/** NQL IDs in use, except the connector `exceptId`. */
export async function takenNqlIds(db: ConnectorDatabase, exceptId?: string): Promise<string[]> {
	const all = await db.connectors.toArray();
	return all.filter((connector) => connector.id !== exceptId).map((connector) => connector.nqlId);
}

async function storeProblems(db: ConnectorDatabase, connector: Connector): Promise<Problem[]> {
	const problems: Problem[] = [];
	const sameNqlId = await db.connectors.where('nqlId').equals(connector.nqlId).first();
	if (sameNqlId && sameNqlId.id !== connector.id)
		problems.push({ path: 'nqlId', message: `is already used by the connector "${sameNqlId.name}"` });
	const stored = await db.connectors.get(connector.id);
	if (stored && stored.nqlId !== connector.nqlId)
		problems.push({ path: 'nqlId', message: `cannot change after the first save (it is "${stored.nqlId}")` });
	return problems;
}

/** Validates and stores a connector (new or existing); `updatedAt` becomes `now`. */
export async function saveConnector(
	db: ConnectorDatabase,
	input: unknown,
	now = Date.now()
): Promise<SaveResult> {
	const checked = validate(ConnectorSchema, input);
	if (!checked.ok) return { ok: false, problems: checked.problems };
	const connector = { ...checked.value, updatedAt: now };
	return db.transaction('rw', db.connectors, async () => {
		const problems = await storeProblems(db, connector);
		if (problems.length > 0) return { ok: false, problems } as SaveResult;
		await db.connectors.put(connector);
		return { ok: true, connector } as SaveResult;
	});
}

/** Stores a connector read from a file exactly as it is; refuses one whose id or NQL ID is taken. */
export async function importConnector(db: ConnectorDatabase, connector: Connector): Promise<SaveResult> {
	return db.transaction('rw', db.connectors, async () => {
		const problems: Problem[] = [];
		const sameId = await db.connectors.get(connector.id);
		if (sameId)
			problems.push({
				path: 'id',
				message: `is already used by the connector "${sameId.name}"; delete it first`
			});
		const sameNqlId = await db.connectors.where('nqlId').equals(connector.nqlId).first();
		if (sameNqlId && sameNqlId.id !== connector.id)
			problems.push({ path: 'nqlId', message: `is already used by the connector "${sameNqlId.name}"` });
		if (problems.length > 0) return { ok: false, problems } as SaveResult;
		await db.connectors.add(connector);
		return { ok: true, connector } as SaveResult;
	});
}

/** A copy of a connector under a new id, name and NQL ID, inactive; null when the original is gone. */
export async function duplicateConnector(
	db: ConnectorDatabase,
	id: string,
	newId: string,
	now = Date.now()
): Promise<Connector | null> {
	return db.transaction('rw', db.connectors, async () => {
		const original = await db.connectors.get(id);
		if (!original) return null;
		const name = `${original.name} (copy)`.slice(0, 120);
		const taken = (await db.connectors.toArray()).map((connector) => connector.nqlId);
		const copy: Connector = {
			...structuredClone(original),
			id: newId,
			name,
			nqlId: suggestNqlId(`${original.nqlId}_copy`, taken),
			active: false,
			createdAt: now,
			updatedAt: now
		};
		await db.connectors.add(copy);
		return copy;
	});
}

async function runIdsOf(db: ConnectorDatabase, connectorId: string): Promise<string[]> {
	return (await db.runs.where('connectorId').equals(connectorId).primaryKeys()) as string[];
}

/** How many runs, result chunks, diff pages and checkpoints go with the connector. */
export async function deletionImpact(db: ConnectorDatabase, connectorId: string): Promise<DeletionImpact> {
	const runIds = await runIdsOf(db, connectorId);
	return {
		runs: runIds.length,
		resultChunks: await db.chunks.where('runId').anyOf(runIds).count(),
		diffPages: await db.diffs.where('runId').anyOf(runIds).count(),
		checkpoints: await db.checkpoints.where('runId').anyOf(runIds).count()
	};
}

/** Deletes a connector with its runs, their result chunks, diff pages and checkpoints, in one transaction. */
export async function deleteConnector(db: ConnectorDatabase, connectorId: string): Promise<DeletionImpact> {
	const tables = [db.connectors, db.runs, db.chunks, db.chunkStats, db.chunkText, db.diffs, db.checkpoints];
	return db.transaction('rw', tables, async () => {
		const runIds = await runIdsOf(db, connectorId);
		await db.chunkStats.where('runId').anyOf(runIds).delete();
		await db.chunkText.where('runId').anyOf(runIds).delete();
		const impact: DeletionImpact = {
			runs: runIds.length,
			resultChunks: await db.chunks.where('runId').anyOf(runIds).delete(),
			diffPages: await db.diffs.where('runId').anyOf(runIds).delete(),
			checkpoints: await db.checkpoints.where('runId').anyOf(runIds).delete()
		};
		await db.runs.bulkDelete(runIds);
		await db.connectors.delete(connectorId);
		return impact;
	});
}
