/**
 * Progress of a run on the terminal: a cli-progress bar on stderr when stderr is a TTY, nothing at all
 * otherwise (cron mails, pipes and orchestrators get only the final summary).
 */
import cliProgress from 'cli-progress';
import type { RunProgress } from '../lib/core/run';

/** Receives the run's progress. */
export interface ProgressReporter {
	update(progress: RunProgress): void;
	stop(): void;
}

/** A reporter that draws a bar on a TTY stream and stays quiet on anything else. */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
	if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
	const bar = new cliProgress.SingleBar(
		{
			stream,
			format:
				'Users {bar} {percentage}% | {value}/{total} received | {processed} imported | {rate}/s | ETA {eta_formatted}',
			hideCursor: true,
			clearOnComplete: false
		},
		cliProgress.Presets.shades_classic
	);
	let started = false;
	return {
		update(progress) {
			const total = progress.totalSize ?? Math.max(progress.received, 1);
			const payload = { processed: progress.processed, rate: Math.round(progress.rate) };
			if (!started) {
				bar.start(total, progress.received, payload);
				started = true;
			} else {
				bar.setTotal(total);
				bar.update(progress.received, payload);
			}
		},
		stop() {
			if (started) bar.stop();
		}
	};
}
