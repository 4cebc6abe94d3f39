/**
 * The command's state between runs, in a directory the user names:
 *   checkpoint.json        the run in progress (its checkpoint, log and cursor), gone once the run ends
 *   pages/NNNNNN.json      the rows of each page of the run in progress
 *   previous/rows.ndjson   the output of the last successful run (the diff's other side)
 *   cursor.json            the incremental cursor of the last successful run
 *   runs.ndjson            every run log, one per line
 * Every file is written to a temporary name and renamed, so a kill leaves either the old or the new file.
 * A page is written before the checkpoint that counts it: pages past the checkpoint are dropped on resume.
 */
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunLog } from '../lib/core/model';
import { readCheckpoint, type RunCheckpoint, type RunRow } from '../lib/core/run';
import type { Cursor } from './cursor';

/** What checkpoint.json holds. */
export interface StoredRun {
	log: RunLog;
	checkpoint: RunCheckpoint;
	/** Incremental runs: the start of the modified-since window. */
	since: string | null;
	/** The highest (SystemModstamp, Id) among the pages stored so far. */
	cursor: Cursor | null;
}

const PAGE_DIGITS = 6;

/** Writes a file atomically: a temporary file beside it, flushed, then renamed over it. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
	const temporary = `${path}.${process.pid}.tmp`;
	const handle = await open(temporary, 'w');
	try {
		await handle.writeFile(text, 'utf8');
		await handle.sync();
	} finally {
		await handle.close();
	}
	await rename(temporary, path);
}

async function readJsonFile<T>(path: string): Promise<T | null> {
	try {
		return JSON.parse(await readFile(path, 'utf8')) as T;
	} catch (thrown) {
		if ((thrown as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw thrown;
	}
}

/** The state directory of one connector. */
export class StateDir {
	constructor(readonly root: string) {}

	private get pagesDir(): string {
		return join(this.root, 'pages');
	}

	private pagePath(page: number): string {
		return join(this.pagesDir, `${String(page).padStart(PAGE_DIGITS, '0')}.json`);
	}

	/** Creates the directory (and its pages folder) when missing. */
	async open(): Promise<void> {
		await mkdir(this.pagesDir, { recursive: true });
		await mkdir(join(this.root, 'previous'), { recursive: true });
	}

	/** The interrupted run, if there is one. */
	async storedRun(): Promise<StoredRun | null> {
		const stored = await readJsonFile<StoredRun>(join(this.root, 'checkpoint.json'));
		return stored && { ...stored, checkpoint: readCheckpoint(stored.checkpoint) };
	}

	/** Stores a page's rows, then the checkpoint that counts it. */
	async writePage(page: number, rows: RunRow[], run: StoredRun): Promise<void> {
		await writeFileAtomic(this.pagePath(page), JSON.stringify(rows));
		await this.writeRun(run);
	}

	/** Stores the run in progress (before its first page, and after each one). */
	writeRun(run: StoredRun): Promise<void> {
		return writeFileAtomic(join(this.root, 'checkpoint.json'), JSON.stringify(run));
	}

	/** Page numbers stored for the run in progress, in order. */
	async pageNumbers(): Promise<number[]> {
		const names = await readdir(this.pagesDir).catch(() => [] as string[]);
		return names
			.filter((name) => /^\d+\.json$/.test(name))
			.map((name) => Number(name.slice(0, -5)))
			.sort((a, b) => a - b);
	}

	/** Drops pages written after the checkpoint (their checkpoint never landed): a resume fetches them again. */
	async dropPagesAfter(page: number): Promise<void> {
		for (const number of await this.pageNumbers())
			if (number > page) await rm(this.pagePath(number), { force: true });
	}

	/** The rows of every stored page up to `lastPage`, one page at a time. */
	async *pages(lastPage = Infinity): AsyncGenerator<RunRow[]> {
		for (const number of await this.pageNumbers()) {
			if (number > lastPage) break;
			yield JSON.parse(await readFile(this.pagePath(number), 'utf8')) as RunRow[];
		}
	}

	/** Forgets the run in progress: its pages and checkpoint. */
	async clearRun(): Promise<void> {
		await rm(join(this.root, 'checkpoint.json'), { force: true });
		await rm(this.pagesDir, { recursive: true, force: true });
		await mkdir(this.pagesDir, { recursive: true });
	}

	/** The output of the last successful run, or null before the first one. */
	async previousRows(): Promise<RunRow[] | null> {
		let text: string;
		try {
			text = await readFile(join(this.root, 'previous', 'rows.ndjson'), 'utf8');
		} catch (thrown) {
			if ((thrown as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw thrown;
		}
		return text
			.split('\n')
			.filter((line) => line.length > 0)
			.map((line) => JSON.parse(line) as RunRow);
	}

	/** Replaces the previous run's output. */
	writePreviousRows(rows: Iterable<RunRow>): Promise<void> {
		let text = '';
		for (const row of rows) text += JSON.stringify(row) + '\n';
		return writeFileAtomic(join(this.root, 'previous', 'rows.ndjson'), text);
	}

	/** The cursor of the last successful incremental-capable run. */
	cursor(): Promise<Cursor | null> {
		return readJsonFile<Cursor>(join(this.root, 'cursor.json'));
	}

	/** Stores the cursor for the next incremental run. */
	writeCursor(cursor: Cursor): Promise<void> {
		return writeFileAtomic(join(this.root, 'cursor.json'), JSON.stringify(cursor));
	}

	/** Every run log so far, oldest first. */
	async runLogs(): Promise<RunLog[]> {
		const text = await readFile(join(this.root, 'runs.ndjson'), 'utf8').catch(() => '');
		return text
			.split('\n')
			.filter((line) => line.length > 0)
			.map((line) => JSON.parse(line) as RunLog);
	}

	/** Appends a finished run's log. */
	async appendRunLog(log: RunLog): Promise<void> {
		await writeFile(join(this.root, 'runs.ndjson'), JSON.stringify(log) + '\n', { flag: 'a' });
	}
}
