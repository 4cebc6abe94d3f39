/**
 * The write side of a run: one page written at a time, in order, while the next page is fetched and
 * mapped. `stored` is the checkpoint of the last page that landed (where a resume starts); `newest`
 * includes the page being written.
 */
import { copyCounters } from './counters';
import type { RunCheckpoint, RunRow, RunSink } from './types';

/** A page pipeline with one write in flight. */
export interface PagePipeline {
	/** The checkpoint of the last page stored. */
	readonly stored: RunCheckpoint;
	/** The checkpoint of the page being written, else the stored one. */
	newest(): RunCheckpoint;
	/** Waits for the write in flight, then starts writing this page (it does not wait for the write). */
	write(rows: RunRow[], checkpoint: RunCheckpoint): Promise<void>;
	/** Waits for the write in flight; throws its error. */
	flush(): Promise<void>;
}

/** Creates the pipeline for a run starting at `start`; `onStored` hears each page that landed. */
export function createPagePipeline(
	sink: RunSink,
	runId: string,
	start: RunCheckpoint,
	onStored: (checkpoint: RunCheckpoint) => void
): PagePipeline {
	let stored = start;
	let inFlight: { checkpoint: RunCheckpoint; write: Promise<void> } | null = null;

	async function flush(): Promise<void> {
		const pending = inFlight;
		inFlight = null;
		if (pending) await pending.write;
	}

	return {
		get stored() {
			return stored;
		},
		newest: () => inFlight?.checkpoint ?? stored,
		flush,
		async write(rows, checkpoint) {
			await flush();
			const write = sink
				.writePage({ runId, page: checkpoint.pages, rows, checkpoint: copyCounters(checkpoint) })
				.then(() => {
					stored = checkpoint;
					onStored(checkpoint);
				});
			// Awaited by flush(); this only keeps a failure before then from counting as unhandled.
			write.catch(() => undefined);
			inFlight = { checkpoint, write };
		}
	};
}
