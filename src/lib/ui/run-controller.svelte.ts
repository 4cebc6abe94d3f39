/**
 * Runs as the page sees them: started in the worker, watched through progress callbacks, kept here so
 * they go on while the user moves around the app.
 */
import { appError, type AppError, type Result } from '../core/errors';
import type { RunLog } from '../core/model';
import type { RunProgress } from '../core/run';
import { appDb } from '../store/app-db';
import { callback, restartWorker, worker } from '../worker/client';
import type { RunListener, RunTrigger } from '../worker/protocol';

/** A run this tab started or resumed. */
export interface LiveRun {
	runId: string;
	connectorId: string;
	progress: RunProgress | null;
	/** The final log once the run has ended. */
	final: RunLog | null;
	error: AppError | null;
}

/** How often a running worker is asked whether it still answers. */
const HEARTBEAT_MS = 5_000;
/** Silence after which the worker is taken as stuck (a mapping that cannot be interrupted from inside). */
const STUCK_MS = 30_000;

/** The tab's runs, reactive. */
class RunController {
	live = $state<Record<string, LiveRun>>({});
	#heartbeat: ReturnType<typeof setInterval> | null = null;

	/** Runs of this tab still going. */
	#going(): LiveRun[] {
		return Object.values(this.live).filter((run) => run.final === null && run.error === null);
	}

	/**
	 * The watchdog (Q20): while a run goes, the worker must answer a ping within STUCK_MS. If it does not,
	 * it is terminated and replaced, and its runs end as failures saying why; the app stays responsive.
	 */
	#watch(): void {
		this.#heartbeat ??= setInterval(async () => {
			const going = this.#going();
			if (going.length === 0) {
				clearInterval(this.#heartbeat ?? undefined);
				this.#heartbeat = null;
				return;
			}
			const answered = await Promise.race([
				worker()
					.ping()
					.then(() => true),
				new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STUCK_MS))
			]);
			if (answered) return;
			restartWorker();
			const error = appError(
				'MAPPING_TIMEOUT',
				`The run stopped answering for ${STUCK_MS / 1000} s and was stopped: a mapping expression is probably running away (for example a catastrophic regular expression). Fix the mapping, then run again.`
			);
			for (const run of going) {
				run.error = error;
				await appDb().runs.update(run.runId, {
					status: 'failure',
					errorCode: error.code,
					description: error.message,
					finishedAt: Date.now()
				});
			}
		}, HEARTBEAT_MS);
	}

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
					this.#watch();
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
