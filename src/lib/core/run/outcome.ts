/** How a run ended, in words a person can act on: the outcome of a finished, stopped or failed run. */
import { appError, type AppError, type ErrorCode } from '../errors';
import { countersSummary } from './counters';
import type { RunCheckpoint, RunOutcome } from './types';

/** Errors after which a run pauses (its checkpoint kept) rather than fails. */
const PAUSING: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
	'AUTH_SIGN_IN_AGAIN',
	'SF_INVALID_SESSION',
	'NETWORK',
	'CORS_OR_NETWORK',
	'STORAGE_QUOTA'
]);

const number = (value: number) => value.toLocaleString('en-US');
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

type Described = Pick<RunOutcome, 'status' | 'error' | 'description'>;

/** How a run that went through its pages ended: cancelled, capped, short of the announced total, or done. */
export function describeEnd(
	checkpoint: RunCheckpoint,
	end: { cancelled: boolean; capped: boolean; maxRows: number }
): Described {
	if (end.cancelled && !checkpoint.done && !end.capped) return cancelled(checkpoint);
	if (end.capped)
		return {
			status: 'partial',
			error: appError('RUN_TOO_MANY_ROWS', 'Too many rows received.'),
			description: `Too many rows received: only the first ${number(end.maxRows)} were processed.`
		};
	if (checkpoint.received !== checkpoint.totalSize)
		return {
			status: 'partial',
			error: appError('RUN_COUNT_MISMATCH', 'Rows received differ from the total Salesforce announced.'),
			description: `Salesforce announced ${number(checkpoint.totalSize ?? 0)} users but sent ${number(
				checkpoint.received
			)}: the result may be incomplete. Run it again; if it repeats, narrow the query. ${countersSummary(checkpoint)}`
		};
	return { status: 'success', error: null, description: countersSummary(checkpoint) };
}

/** How a run that stopped on an error ended: cancelled, paused (resumable) or failed. */
export function describeStop(checkpoint: RunCheckpoint, error: AppError, aborted: boolean): Described {
	if (error.code === 'ABORTED' && aborted) return cancelled(checkpoint);
	if (PAUSING.has(error.code))
		return {
			status: 'paused',
			error,
			description: `Paused after page ${number(checkpoint.pages)}: ${sentence(error.message)} Resume to continue from there.`
		};
	return { status: 'failure', error, description: error.message };
}

function cancelled(checkpoint: RunCheckpoint): Described {
	return {
		status: 'cancelled',
		error: appError('RUN_CANCELLED', 'Cancelled.'),
		description: `Cancelled after page ${number(checkpoint.pages)}. ${countersSummary(checkpoint)}`
	};
}
