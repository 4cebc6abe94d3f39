/**
 * The run log a run starts with, and the counters it takes from each checkpoint (under the names the log
 * keeps, from seed 000). One builder for the app's worker and the command line.
 */
import type { Connector, RunLog } from '../model';
import type { RunCheckpoint } from './types';

/** What a new run log needs besides the connector. */
export interface NewRunLogInput {
	id: string;
	time: number;
	trigger: RunLog['trigger'];
	/** The credential's label, as the log shows it. */
	credentials: string;
	credentialsId: string | null;
}

/** The log of a run that is about to start: status running, every counter at zero. */
export function newRunLog(connector: Connector, input: NewRunLogInput): RunLog {
	return {
		id: input.id,
		connectorId: connector.id,
		time: input.time,
		status: 'running',
		name: connector.name,
		description: 'Running…',
		connector: connector.template ?? 'Custom',
		credentials: input.credentials,
		credentialsId: input.credentialsId,
		nqlId: connector.nqlId,
		receivedRows: 0,
		processedRows: 0,
		startedAt: input.time,
		finishedAt: null,
		pages: 0,
		skipped: 0,
		duplicates: 0,
		errorCode: null,
		totalSize: null,
		trigger: input.trigger,
		soql: connector.soql,
		skippedReasons: {},
		duplicatesSample: [],
		diff: null,
		columns: [connector.mapping.identifier.kind, ...connector.mapping.fields.map((field) => field.target)]
	};
}

/** Counters of a run log that follow its checkpoint. */
export function logCountersOf(checkpoint: RunCheckpoint): Partial<RunLog> {
	return {
		receivedRows: checkpoint.received,
		processedRows: checkpoint.processed,
		pages: checkpoint.pages,
		skipped: checkpoint.skipped,
		duplicates: checkpoint.duplicates,
		totalSize: checkpoint.totalSize,
		skippedReasons: { ...checkpoint.skippedReasons },
		duplicatesSample: [...checkpoint.duplicatesSample],
		soql: checkpoint.soql,
		...(checkpoint.retrieval ? { retrieval: checkpoint.retrieval } : {})
	};
}
