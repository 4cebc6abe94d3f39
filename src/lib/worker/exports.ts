/**
 * Downloads of mapped users, streamed from the store chunk by chunk: each stored page is written, encoded
 * to UTF-8 and handed to the page's sink (a file on disk or blob parts) before the next one is read, so
 * memory holds one page whatever the size. CSV files are split at Excel's row limit (Q34).
 */
import * as Comlink from 'comlink';
import { appError, AppFailure, type Result } from '../core/errors';
import {
	createExportWriter,
	createFileSplitter,
	EXCEL_MAX_DATA_ROWS,
	EXPORT_FORMATS,
	exportBaseName,
	type CsvDelimiter,
	type ExportFormat,
	type ExportRow,
	type LineEnding
} from '../core/export';
import type { RunLog } from '../core/model';
import type { ConnectorDatabase } from '../store/db';
import { chunksOf } from '../store/runs';
import { asResult } from './result';

/** What to download and how. */
export interface ExportRequest {
	format: ExportFormat;
	delimiter?: CsvDelimiter;
	bom?: boolean;
	lineEnding?: LineEnding;
	/** Rows per CSV file; Excel's limit unless set (tests use small numbers). */
	maxRowsPerFile?: number;
}

/** Where the bytes go: the page opens a file per part and writes what it is given, in order. */
export interface ExportSink {
	open(fileName: string, mimeType: string): unknown;
	write(bytes: Uint8Array): unknown;
	close(): unknown;
	/** The export was cancelled or failed: discard the file being written. */
	abort(): unknown;
	progress?(rows: number, total: number): unknown;
}

/** What a finished (or cancelled) download wrote. */
export interface ExportSummary {
	files: string[];
	rows: number;
	bytes: number;
	cancelled: boolean;
}

/** What the export API needs. */
export interface ExportDeps {
	db: () => ConnectorDatabase;
}

type RowSource = AsyncIterable<ExportRow[]>;

async function runOf(db: ConnectorDatabase, runId: string): Promise<RunLog> {
	const run = await db.runs.get(runId);
	if (!run) throw new AppFailure(appError('RUN_NOT_FOUND', 'This run no longer exists.'));
	return run;
}

async function* resultRows(db: ConnectorDatabase, runId: string): RowSource {
	for await (const chunk of chunksOf(db, runId)) yield chunk.rows;
}

/** The removed users of a run's diff, with their values from the previous run while those are kept. */
async function* removedRows(db: ConnectorDatabase, run: RunLog): RowSource {
	const removed = new Set<string>();
	for (let page = 0; ; page++) {
		const stored = await db.diffs.get([run.id, page]);
		if (!stored) break;
		for (const entry of stored.entries) if (entry.kind === 'removed') removed.add(entry.identifier);
	}
	const previousRunId = run.diff?.previousRunId;
	if (previousRunId)
		for await (const chunk of chunksOf(db, previousRunId)) {
			const rows = chunk.rows.filter((row) => removed.delete(row.identifier));
			if (rows.length) yield rows;
		}
	const rest = [...removed].map((identifier) => ({ identifier, values: {} }));
	for (let start = 0; start < rest.length; start += 2000) yield rest.slice(start, start + 2000);
}

/** Builds the export API. */
export function createExports(deps: ExportDeps) {
	const controllers = new Map<string, AbortController>();
	const encoder = new TextEncoder();

	async function stream(
		exportId: string,
		request: ExportRequest,
		baseName: string,
		columns: string[],
		total: number,
		source: RowSource,
		sink: ExportSink
	): Promise<ExportSummary> {
		const info = EXPORT_FORMATS[request.format];
		const controller = new AbortController();
		controllers.set(exportId, controller);
		const summary: ExportSummary = { files: [], rows: 0, bytes: 0, cancelled: false };
		const splitter = createFileSplitter({
			baseName,
			extension: info.extension,
			maxRowsPerFile: info.splitForExcel
				? (request.maxRowsPerFile ?? EXCEL_MAX_DATA_ROWS)
				: Number.MAX_SAFE_INTEGER,
			expectedRows: total,
			newWriter: () => createExportWriter(request.format, { ...request, columns })
		});
		let open = false;
		const send = async (pieces: ReturnType<typeof splitter.write>) => {
			for (const piece of pieces) {
				if (piece.startsFile) {
					await sink.open(piece.fileName, info.mimeType);
					summary.files.push(piece.fileName);
					open = true;
				}
				if (piece.text) {
					const bytes = encoder.encode(piece.text);
					summary.bytes += bytes.byteLength;
					await sink.write(Comlink.transfer(bytes, [bytes.buffer]));
				}
				if (piece.endsFile) {
					await sink.close();
					open = false;
				}
			}
		};
		try {
			for await (const rows of source) {
				if (controller.signal.aborted) break;
				await send(splitter.write(rows));
				summary.rows = splitter.rows;
				await sink.progress?.(summary.rows, total);
			}
			if (controller.signal.aborted) {
				summary.cancelled = true;
				if (open) await sink.abort();
				return summary;
			}
			await send(splitter.end());
			return summary;
		} catch (thrown) {
			if (open) await Promise.resolve(sink.abort()).catch(() => undefined);
			throw thrown;
		} finally {
			controllers.delete(exportId);
		}
	}

	return {
		/** Streams a run's mapped users to the sink as CSV, JSON or NDJSON, columns in mapping order. */
		exportResults(
			exportId: string,
			runId: string,
			request: ExportRequest,
			sink: ExportSink
		): Promise<Result<ExportSummary>> {
			return asResult(async () => {
				const db = deps.db();
				const run = await runOf(db, runId);
				const baseName = exportBaseName(run, 'users');
				return stream(
					exportId,
					request,
					baseName,
					run.columns,
					run.processedRows,
					resultRows(db, runId),
					sink
				);
			});
		},

		/** Streams the users a run's diff lists as removed (not imported any more, seed 001). */
		exportRemovedUsers(
			exportId: string,
			runId: string,
			request: ExportRequest,
			sink: ExportSink
		): Promise<Result<ExportSummary>> {
			return asResult(async () => {
				const db = deps.db();
				const run = await runOf(db, runId);
				const baseName = exportBaseName(run, 'removed');
				const total = run.diff?.removed ?? 0;
				return stream(exportId, request, baseName, run.columns, total, removedRows(db, run), sink);
			});
		},

		/** Stops a download after its current chunk; the sink is told to discard the open file. */
		cancelExport(exportId: string): boolean {
			const controller = controllers.get(exportId);
			controller?.abort();
			return controller !== undefined;
		}
	};
}
