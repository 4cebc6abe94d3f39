/**
 * Which way a run fetches its users: Bulk API 2.0, REST split in Id ranges, or one REST cursor. Chosen
 * from the org's COUNT() of the run's query, whether Bulk can run the query, whether it can be split,
 * and the connector's setting; the choice and its reason go in the run log.
 */
import type { RetrievalMode } from '../model';
import { BULK_DOWNLOADS_IN_FLIGHT } from '../salesforce/bulk';
import type { BulkRetrieval } from './bulk-source';
import { MAX_PARTITIONS, planPartitions, type PartitionClient } from './partitions';
import { countQuery, parseSoql, partitionUnsupportedReason, prepareRunQuery } from './soql';
import type { RunCheckpoint } from './types';

/** From this many users, automatic runs use Bulk API 2.0 (a job's set-up time pays off). */
export const BULK_FROM_USERS = 100_000;
/** From this many users, automatic runs split REST in Id ranges. */
export const PARTITION_FROM_USERS = 10_000;
/** Users per REST partition aimed at (between 2 and MAX_PARTITIONS partitions). */
const USERS_PER_PARTITION = 10_000;

/** A path and why it was taken. */
export interface RetrievalChoice {
	path: 'rest' | 'partitioned' | 'bulk';
	/** Partitions for the partitioned path (an upper bound: a small Id span may give fewer). */
	partitions: number;
	/** For the run log: "Bulk API 2.0, 8 parallel result pages, 1,200,000 users". */
	why: string;
}

/** What the choice depends on. */
export interface ChoiceFacts {
	mode: RetrievalMode;
	/** Users the query returns (COUNT()), null when not counted. */
	count: number | null;
	/** Why Bulk cannot run the query (or is not available); null when it can. */
	bulkUnsupported: string | null;
	/** Why the query cannot be split in Id ranges; null when it can. */
	partitionUnsupported: string | null;
}

const number = (value: number) => value.toLocaleString('en-US');
const users = (count: number | null) => (count === null ? '' : `, ${number(count)} users`);

function partitionsFor(count: number | null): number {
	return Math.min(MAX_PARTITIONS, Math.max(2, Math.ceil((count ?? 0) / USERS_PER_PARTITION)));
}

/** Picks the path (pure). */
export function chooseRetrieval(facts: ChoiceFacts): RetrievalChoice {
	const { mode, count } = facts;
	const bulk = (): RetrievalChoice => ({
		path: 'bulk',
		partitions: 0,
		why: `Bulk API 2.0, ${BULK_DOWNLOADS_IN_FLIGHT} parallel result pages${users(count)}`
	});
	const partitioned = (note: string): RetrievalChoice => {
		const partitions = partitionsFor(count);
		return { path: 'partitioned', partitions, why: `REST, ${partitions} partitions${users(count)}${note}` };
	};
	const rest = (why: string): RetrievalChoice => ({ path: 'rest', partitions: 0, why });
	if (mode === 'rest') return rest('REST, one cursor (set on the connector)');
	const bulkRuns = facts.bulkUnsupported === null;
	if (mode === 'bulk' && bulkRuns) return bulk();
	if (mode === 'auto' && bulkRuns && count !== null && count >= BULK_FROM_USERS) return bulk();
	if (mode === 'auto' && (count === null || count < PARTITION_FROM_USERS))
		return rest(`REST, one cursor${users(count)}`);
	const noBulk = mode === 'bulk' ? `; ${facts.bulkUnsupported}` : '';
	if (facts.partitionUnsupported !== null)
		return rest(`REST: ${facts.partitionUnsupported}${noBulk}${users(count)}`);
	return partitioned(noBulk);
}

/** What planning needs. */
export interface PlanInput {
	mode: RetrievalMode;
	client: PartitionClient;
	bulk?: BulkRetrieval;
	/** The connector's query with its filters applied. */
	filteredSoql: string;
	signal?: AbortSignal;
}

/**
 * Counts the users, chooses the path and sets it up: the checkpoint a new run starts from, with its
 * `retrieval` sentence and, beyond one cursor, its `source` state.
 */
export async function planRetrieval(start: RunCheckpoint, input: PlanInput): Promise<RunCheckpoint> {
	const prepared = prepareRunQuery(input.filteredSoql);
	const bulkSoql = prepareRunQuery(input.filteredSoql, { orderById: false }).soql;
	const ask = { all: start.all, signal: input.signal };
	let count: number | null = null;
	if (input.mode !== 'rest') {
		count = (await input.client.query(countQuery(prepared.soql), ask)).totalSize;
		const limit = parseSoql(prepared.soql).limit;
		if (limit !== undefined) count = Math.min(count, Number(limit));
	}
	const choice = chooseRetrieval({
		mode: input.mode,
		count,
		bulkUnsupported: input.bulk
			? input.bulk.unsupportedReason(bulkSoql)
			: 'Bulk API 2.0 is not available here',
		partitionUnsupported: partitionUnsupportedReason(prepared)
	});
	if (choice.path === 'rest') return { ...start, retrieval: choice.why };
	// Until the path's first pages announce their own totals, the count stands for them.
	const base = { ...start, retrieval: choice.why, totalSize: count };
	if (choice.path === 'bulk')
		return { ...base, soql: bulkSoql, source: { kind: 'bulk', soql: bulkSoql, resume: null } };
	const partitions = await planPartitions(input.client, prepared.soql, {
		all: start.all,
		parts: choice.partitions,
		signal: input.signal
	});
	const why =
		partitions.length === choice.partitions
			? choice.why
			: choice.why.replace(
					/\d+ partitions/,
					`${partitions.length} partition${partitions.length === 1 ? '' : 's'}`
				);
	return { ...base, retrieval: why, source: { kind: 'partitions', partitions } };
}
