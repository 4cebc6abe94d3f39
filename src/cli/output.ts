/**
 * What a run of the command leaves in its output folder, through the app's own writers (Excel-safe CSV,
 * JSON, NDJSON) and its splitter (CSV past the Excel row limit goes into parts): the mapped users, the
 * removed users, the run log and every run log so far (seed 000's field names). Each file is written
 * under a temporary name and renamed once complete.
 */
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import {
	createExportWriter,
	createFileSplitter,
	EXPORT_FORMATS,
	runLogsToCsv,
	type ExportFormat,
	type ExportRow,
	type FilePiece
} from '../lib/core/export';
import type { RunLog } from '../lib/core/model';
import { writeFileAtomic } from './state-dir';

/** Names in the output folder (exports without their extension). */
export const OUTPUT_FILES = {
	users: 'users',
	removed: 'removed',
	runLog: 'run-log.json',
	runLogs: 'run-logs.csv'
};

/** Rows handed to a writer at a time. */
const CHUNK_ROWS = 2000;

/** One export to write. */
export interface ExportFile {
	directory: string;
	baseName: string;
	format: ExportFormat;
	columns: readonly string[];
	rows: readonly ExportRow[];
	/** CSV rows per file; default the Excel limit. */
	maxRowsPerFile?: number;
}

/** Writes `<baseName>.<ext>`, or for a CSV past the row limit `<baseName>-part-N.csv`; returns the names written. */
export async function writeExport(file: ExportFile): Promise<string[]> {
	const { extension, splitForExcel } = EXPORT_FORMATS[file.format];
	const earlier = new RegExp(`^${file.baseName}(-part-\\d+)?\\.${extension}$`);
	for (const name of await readdir(file.directory))
		if (earlier.test(name)) await rm(join(file.directory, name));
	const splitter = createFileSplitter({
		baseName: file.baseName,
		extension,
		maxRowsPerFile: splitForExcel ? file.maxRowsPerFile : Number.MAX_SAFE_INTEGER,
		expectedRows: file.rows.length,
		newWriter: () => createExportWriter(file.format, { columns: file.columns })
	});
	const temporary = (name: string) => join(file.directory, `${name}.${process.pid}.tmp`);
	const written: string[] = [];
	let handle: FileHandle | null = null;
	const write = async (pieces: FilePiece[]) => {
		for (const piece of pieces) {
			if (piece.startsFile) {
				handle = await open(temporary(piece.fileName), 'w');
				written.push(piece.fileName);
			}
			await handle!.write(piece.text);
			if (piece.endsFile) {
				await handle!.sync();
				await handle!.close();
				handle = null;
			}
		}
	};
	for (let start = 0; start < file.rows.length; start += CHUNK_ROWS)
		await write(splitter.write(file.rows.slice(start, start + CHUNK_ROWS)));
	await write(splitter.end());
	for (const name of written) await rename(temporary(name), join(file.directory, name));
	return written;
}

/** Everything one run writes to the output folder. */
export interface RunOutput {
	directory: string;
	format: ExportFormat;
	columns: readonly string[];
	users: readonly ExportRow[];
	/** Identifiers of the users gone since the previous run. */
	removed: readonly string[];
	log: RunLog;
	allLogs: readonly RunLog[];
	/** CSV rows per file; default the Excel limit. */
	maxRowsPerFile?: number;
}

/** Writes the users, the removed users and the logs. */
export async function writeRunOutput(output: RunOutput): Promise<void> {
	await mkdir(output.directory, { recursive: true });
	const common = {
		directory: output.directory,
		format: output.format,
		maxRowsPerFile: output.maxRowsPerFile
	};
	await writeExport({ ...common, baseName: OUTPUT_FILES.users, columns: output.columns, rows: output.users });
	await writeExport({
		...common,
		baseName: OUTPUT_FILES.removed,
		columns: [output.columns[0]],
		rows: output.removed.map((identifier) => ({ identifier, values: {} }))
	});
	await writeFileAtomic(
		join(output.directory, OUTPUT_FILES.runLog),
		JSON.stringify(output.log, null, '\t') + '\n'
	);
	await writeFileAtomic(join(output.directory, OUTPUT_FILES.runLogs), runLogsToCsv(output.allLogs));
}
