/**
 * Run storage: the page sink (rows + checkpoint + log counters in one transaction), chunk streaming,
 * diff pages, and housekeeping of old results. Used by the worker.
 */
import type { Transaction } from 'dexie';
import { AppFailure } from '../core/errors';
import type { RunLog } from '../core/model';
import { logCountersOf, type RunSink } from '../core/run';
import { packChunk, unpackChunk } from './chunk-packing';
import { packedChunkStatsOf } from './chunk-records';
import type { ConnectorDatabase, DiffPage, ResultChunk } from './db';
import { storageError } from './errors';

/** Diff entries per stored diff page. */
export const DIFF_PAGE_SIZE = 100;

/** Runs a storage operation, turning its failure into a typed AppFailure (quota, closed database…). */
export async function guardStorage<T>(operation: () => Promise<T>): Promise<T> {
	try {
		return await operation();
	} catch (thrown) {
		if (thrown instanceof AppFailure) throw thrown;
		const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => undefined);
		throw new AppFailure(storageError(thrown, estimate));
	}
}

/**
 * A RunSink writing each page's packed chunk, its stats, the checkpoint and the log counters in one
 * transaction (the page's search text follows the run: buildSearchTexts). The page's two records and the
 * checkpoint go to IndexedDB directly and unawaited: nothing watches them live, at 2,000 rows a page Dexie's
 * work around a put costs about as much as the put itself, and the transaction then waits on the backend only
 * for the log's update (through Dexie, which tells the run page). Measured, 1,000,000 users in 8 Id ranges at
 * 100 ms/page: 16.6–16.7 → 15.7–16.2 s (BENCHMARKS.md).
 */
export function createRunSink(db: ConnectorDatabase): RunSink {
	return {
		writePage({ runId, page, rows, checkpoint }) {
			const chunk = packChunk(runId, page, rows);
			const stats = packedChunkStatsOf(chunk);
			const storePage = async (tx: Transaction) => {
				tx.idbtrans.objectStore(db.chunks.name).put(chunk);
				tx.idbtrans.objectStore(db.chunkStats.name).put(stats);
				tx.idbtrans.objectStore(db.checkpoints.name).put({ runId, updatedAt: Date.now(), checkpoint });
				await db.runs.update(runId, logCountersOf(checkpoint));
			};
			const tables = [db.chunks, db.chunkStats, db.checkpoints, db.runs];
			return guardStorage(() => db.transaction('rw', tables, storePage));
		}
	};
}

/** Every result chunk of a run in page order, one at a time (memory holds one page). */
export async function* chunksOf(db: ConnectorDatabase, runId: string): AsyncGenerator<ResultChunk> {
	const pages = (await db.chunks
		.where('[runId+page]')
		.between([runId, -Infinity], [runId, Infinity])
		.primaryKeys()) as [string, number][];
	for (const key of pages) {
		const chunk = await db.chunks.get(key);
		if (chunk) yield unpackChunk(chunk);
	}
}

/** The identifiers of every stored row of a run, a chunk at a time (to rebuild dedupe on resume). */
export function storedIdentifiersOf(db: ConnectorDatabase, runId: string) {
	return async function* () {
		for await (const chunk of chunksOf(db, runId)) yield chunk.rows.map((row) => row.identifier);
	};
}

/** The newest successful run of a connector before `beforeTime`, if any. */
export async function previousSuccessfulRun(
	db: ConnectorDatabase,
	connectorId: string,
	beforeTime: number
): Promise<RunLog | undefined> {
	return db.runs
		.where('[connectorId+time]')
		.between([connectorId, -Infinity], [connectorId, beforeTime], true, false)
		.reverse()
		.filter((run) => run.status === 'success' || run.status === 'partial')
		.first();
}

/** Writes diff entries as pages of DIFF_PAGE_SIZE. */
export async function writeDiffPages(
	db: ConnectorDatabase,
	runId: string,
	entries: DiffPage['entries']
): Promise<number> {
	const pages: DiffPage[] = [];
	for (let start = 0; start < entries.length; start += DIFF_PAGE_SIZE)
		pages.push({ runId, page: pages.length, entries: entries.slice(start, start + DIFF_PAGE_SIZE) });
	await guardStorage(async () => {
		await db.diffs.where('runId').equals(runId).delete();
		await db.diffs.bulkPut(pages);
	});
	return pages.length;
}

/** Deletes the result chunks, diff pages and checkpoints of a connector's runs beyond the newest `keep`; logs stay. */
export async function pruneResults(
	db: ConnectorDatabase,
	connectorId: string,
	keep: number
): Promise<string[]> {
	const runs = await db.runs
		.where('[connectorId+time]')
		.between([connectorId, -Infinity], [connectorId, Infinity])
		.reverse()
		.toArray();
	const finished = runs.filter((run) => run.status !== 'running' && run.status !== 'paused');
	const pruned = finished.slice(Math.max(0, keep)).map((run) => run.id);
	for (const runId of pruned) {
		await db.transaction(
			'rw',
			[db.chunks, db.chunkStats, db.chunkText, db.diffs, db.checkpoints],
			async () => {
				await db.chunks.where('runId').equals(runId).delete();
				await db.chunkStats.where('runId').equals(runId).delete();
				await db.chunkText.where('runId').equals(runId).delete();
				await db.diffs.where('runId').equals(runId).delete();
				await db.checkpoints.delete(runId);
			}
		);
	}
	return pruned;
}
