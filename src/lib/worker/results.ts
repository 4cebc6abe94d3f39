/**
 * Search and sort of a run's stored results, done here in the worker so the page never blocks: one
 * selection at a time (a newer one, or `cancelSelection`, stops the one before between two pages), with
 * progress reported as pages are read, and the row positions handed back without a copy.
 */
import * as Comlink from 'comlink';
import type { Result } from '../core/errors';
import type { RunLog } from '../core/model';
import type { ConnectorDatabase } from '../store/db';
import { rememberedIndex } from '../store/results';
import { selectRows, type RowSelection } from '../store/row-selection';
import { asResult } from './result';

/** What a selection gave: the positions in the run's order (null: the run's order itself), or cancelled. */
export interface SelectionOutcome {
	positions: Uint32Array | null;
	cancelled: boolean;
}

/** Called while a selection reads the run: rows looked at so far, of all. */
export type SelectionProgress = (rowsSeen: number, total: number) => void;

/** The selection API over the worker's database. */
export function createResultQueries(deps: { db: () => ConnectorDatabase }) {
	let current: AbortController | null = null;
	return {
		/** Searches and sorts a run's results; the selection running before, if any, is cancelled. */
		async selectResults(
			run: Pick<RunLog, 'id' | 'columns' | 'finishedAt'>,
			selection: RowSelection,
			onProgress?: SelectionProgress
		): Promise<Result<SelectionOutcome>> {
			current?.abort();
			const controller = new AbortController();
			current = controller;
			const outcome = await asResult(async (): Promise<SelectionOutcome> => {
				const index = await rememberedIndex(deps.db(), run);
				const positions = await selectRows(deps.db(), index, run.columns, selection, {
					signal: controller.signal,
					onProgress: onProgress && ((rowsSeen) => void onProgress(rowsSeen, index.total))
				}).catch((thrown: unknown) => {
					if (controller.signal.aborted) return 'cancelled' as const;
					throw thrown;
				});
				return positions === 'cancelled'
					? { positions: null, cancelled: true }
					: { positions, cancelled: false };
			});
			if (current === controller) current = null;
			return outcome.ok && outcome.value.positions
				? Comlink.transfer(outcome, [outcome.value.positions.buffer])
				: outcome;
		},
		/** Stops the running selection, if any (its call answers `cancelled`). */
		cancelSelection(): void {
			current?.abort();
		}
	};
}
