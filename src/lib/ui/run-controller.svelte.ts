/**
 * Runs as the page sees them: started in the worker, watched through progress callbacks, kept here so
 * they go on while the user moves around the app.
 */
import type { AppError, Result } from '../core/errors';
import type { RunLog } from '../core/model';
import type { RunProgress } from '../core/run';
import { callback, worker } from '../worker/client';
import type { RunListener, RunTrigger } from '../worker/runs';

/** A run this tab started or resumed. */
export interface LiveRun {
	runId: string;
	connectorId: string;
	progress: RunProgress | null;
	/** The final log once the run has ended. */
	final: RunLog | null;
	error: AppError | null;
}

/** The tab's runs, reactive. */
export class RunController {
	live = $state<Record<string, LiveRun>>({});

	/** Whether this tab is running the connector now. */
	isRunning(connectorId: string): boolean {
		return Object.values(this.live).some((run) => run.connectorId === connectorId && run.final === null);
	}

	/** Starts a run; resolves with its id as soon as it exists (the run goes on in the worker). */
	start(connectorId: string, trigger: RunTrigger = 'manual'): Promise<Result<string>> {
		return this.follow(connectorId, (listener) => worker().startRun(connectorId, trigger, listener));
	}

	/** Resumes a paused, cancelled or interrupted run; resolves with its id once it goes again. */
	resume(runId: string, connectorId: string): Promise<Result<string>> {
		return this.follow(connectorId, (listener) => worker().resumeRun(runId, listener));
	}

	/** Asks the worker to stop the run after its current page. */
	async cancel(runId: string): Promise<boolean> {
		return worker().cancelRun(runId);
	}

	private follow(
		connectorId: string,
		begin: (listener: RunListener) => Promise<Result<RunLog>>
	): Promise<Result<string>> {
		return new Promise((resolve) => {
			let known: string | null = null;
			const listener = callback({
				started: (log: RunLog) => {
					known = log.id;
					this.live[log.id] = { runId: log.id, connectorId, progress: null, final: null, error: null };
					resolve({ ok: true, value: log.id });
				},
				progress: (runId: string, progress: RunProgress) => {
					const run = this.live[runId];
					if (run) run.progress = progress;
				}
			} satisfies RunListener);
			begin(listener).then((result) => {
				if (!result.ok) {
					if (known && this.live[known]) this.live[known].error = result.error;
					resolve(result);
					return;
				}
				const log = result.value;
				const run = this.live[log.id];
				if (run) {
					run.final = log;
					run.error = null;
				}
				resolve({ ok: true, value: log.id });
			});
		});
	}
}

/** The tab's one run controller. */
export const runController = new RunController();
