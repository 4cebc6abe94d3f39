/**
 * What a run of the command leaves in its output folder, through the app's own writers (Excel-safe CSV,
 * JSON, NDJSON): the mapped users, the removed users, the run log and every run log so far (seed 000's
 * field names). Each file is streamed to a temporary name page by page and renamed when complete.
 */
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { createExportWriter, runLogsToCsv, type ExportFormat, type ExportRow } from '../lib/core/export';
import type { RunLog } from '../lib/core/model';
import { writeFileAtomic } from './state-dir';

/** File names in the output folder. */
export const OUTPUT_FILES = {
	users: (format: ExportFormat) => `users.${format}`,
	removed: (format: ExportFormat) => `removed.${format}`,
	runLog: 'run-log.json',
	runLogs: 'run-logs.csv'
};

/** Writes one export file from chunks of rows. */
export async function writeExport(
	path: string,
	format: ExportFormat,
	columns: readonly string[],
	chunks: AsyncIterable<readonly ExportRow[]> | Iterable<readonly ExportRow[]>
): Promise<number> {
	const writer = createExportWriter(format, { columns });
	const temporary = `${path}.${process.pid}.tmp`;
	const handle = await open(temporary, 'w');
	let count = 0;
	try {
		await handle.write(writer.header());
		for await (const chunk of chunks) {
			count += chunk.length;
			await handle.write(writer.rows(chunk));
		}
		await handle.write(writer.footer());
		await handle.sync();
	} finally {
		await handle.close();
	}
	await rename(temporary, path);
	return count;
}

/** Everything one run writes to the output folder. */
export interface RunOutput {
	directory: string;
	format: ExportFormat;
	columns: readonly string[];
	users: AsyncIterable<readonly ExportRow[]> | Iterable<readonly ExportRow[]>;
	/** Identifiers of the users gone since the previous run. */
	removed: readonly string[];
	log: RunLog;
	allLogs: readonly RunLog[];
}

/** Writes the users, the removed users and the logs. */
export async function writeRunOutput(output: RunOutput): Promise<void> {
	await mkdir(output.directory, { recursive: true });
	await writeExport(
		join(output.directory, OUTPUT_FILES.users(output.format)),
		output.format,
		output.columns,
		output.users
	);
	await writeExport(
		join(output.directory, OUTPUT_FILES.removed(output.format)),
		output.format,
		[output.columns[0]],
		[output.removed.map((identifier) => ({ identifier, values: {} }))]
	);
	await writeFileAtomic(
		join(output.directory, OUTPUT_FILES.runLog),
		JSON.stringify(output.log, null, '\t') + '\n'
	);
	await writeFileAtomic(join(output.directory, OUTPUT_FILES.runLogs), runLogsToCsv(output.allLogs));
}
