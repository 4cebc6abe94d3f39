/** A RunSink that keeps pages in memory, for tests of the run pipeline. */
import type { RunCheckpoint, RunRow, RunSink } from './execute';

/** An in-memory sink with the pages written, their rows and their identifiers (for resume). */
export function memorySink() {
	const pages: { page: number; rows: RunRow[]; checkpoint: RunCheckpoint }[] = [];
	const sink: RunSink = {
		async writePage({ page, rows, checkpoint }) {
			pages.push({ page, rows, checkpoint });
		}
	};
	return {
		sink,
		pages,
		rows: () => pages.flatMap((page) => page.rows),
		identifiers: async function* () {
			for (const page of pages) yield page.rows.map((row) => row.identifier);
		}
	};
}
