/**
 * Splitting a large export into several files so each one opens in Excel (Q34): at most 1,048,575 data
 * rows per file (Excel's 1,048,576 rows minus the header), each file with its own BOM and header.
 */
import type { ExportRow, ExportWriter } from './types';

/** Excel's row limit minus one header row. */
export const EXCEL_MAX_DATA_ROWS = 1_048_575;

/** One planned file of a split export. */
export interface PlannedFile {
	fileName: string;
	/** 0-based index of the file's first data row in the whole export. */
	firstRow: number;
	rowCount: number;
}

/** How split files are named and sized. */
export interface SplitNaming {
	/** File name without extension, e.g. "users". */
	baseName: string;
	/** Without the dot, e.g. "csv". */
	extension: string;
	maxRowsPerFile?: number;
}

/** The name of part `partNumber` (1-based): "users.csv" when it is the only file, else "users-part-2.csv". */
function partFileName(naming: SplitNaming, partNumber: number, single: boolean): string {
	return single
		? `${naming.baseName}.${naming.extension}`
		: `${naming.baseName}-part-${partNumber}.${naming.extension}`;
}

/** Plans the files of an export of `totalRows` rows; at least one file, even for no rows. */
export function splitPlan(totalRows: number, naming: SplitNaming): PlannedFile[] {
	const maxRows = maxRowsOf(naming);
	const fileCount = Math.max(1, Math.ceil(totalRows / maxRows));
	const files: PlannedFile[] = [];
	for (let part = 1; part <= fileCount; part++) {
		const firstRow = (part - 1) * maxRows;
		files.push({
			fileName: partFileName(naming, part, fileCount === 1),
			firstRow,
			rowCount: Math.min(maxRows, totalRows - firstRow)
		});
	}
	return files;
}

/** A piece of text for one file; `startsFile` says the caller must open this file before writing it. */
export interface FilePiece {
	fileName: string;
	partNumber: number;
	startsFile: boolean;
	/** The last piece of this file: close it after writing. */
	endsFile: boolean;
	text: string;
}

/** Options of a file splitter. */
export interface FileSplitterOptions extends SplitNaming {
	/** A fresh writer for each file (writers such as JSON keep state within one file). */
	newWriter: () => ExportWriter;
	/**
	 * Rows the export will hold, when known: then a single file is named "users.csv" and split files
	 * are "users-part-1.csv", "users-part-2.csv"… Without it the first file is "users.csv" and later
	 * ones "users-part-2.csv"….
	 */
	expectedRows?: number;
}

/** A stateful splitter: feed it chunks in order, then call `end()`; it says which file each text goes to. */
export interface FileSplitter {
	write(chunk: readonly ExportRow[]): FilePiece[];
	end(): FilePiece[];
	/** Files started so far. */
	readonly files: number;
	/** Data rows written so far. */
	readonly rows: number;
}

/** Creates a splitter that cuts the export into files of at most `maxRowsPerFile` data rows. */
export function createFileSplitter(options: FileSplitterOptions): FileSplitter {
	const maxRows = maxRowsOf(options);
	let writer: ExportWriter | null = null;
	let partNumber = 0;
	let rowsInFile = 0;
	let totalRows = 0;
	let ended = false;

	const fileName = () =>
		partFileName(
			options,
			partNumber,
			partNumber === 1 && (options.expectedRows === undefined || options.expectedRows <= maxRows)
		);

	function startFile(pieces: FilePiece[]): ExportWriter {
		partNumber++;
		rowsInFile = 0;
		const started = options.newWriter();
		writer = started;
		pieces.push({
			fileName: fileName(),
			partNumber,
			startsFile: true,
			endsFile: false,
			text: started.header()
		});
		return started;
	}

	function closeFile(pieces: FilePiece[], current: ExportWriter): void {
		pieces.push({
			fileName: fileName(),
			partNumber,
			startsFile: false,
			endsFile: true,
			text: current.footer()
		});
		writer = null;
	}

	return {
		write(chunk) {
			if (ended) throw new Error('The export has already ended.');
			const pieces: FilePiece[] = [];
			let offset = 0;
			while (offset < chunk.length) {
				const current = writer ?? startFile(pieces);
				const take = Math.min(maxRows - rowsInFile, chunk.length - offset);
				const text = current.rows(
					offset === 0 && take === chunk.length ? chunk : chunk.slice(offset, offset + take)
				);
				pieces.push({ fileName: fileName(), partNumber, startsFile: false, endsFile: false, text });
				rowsInFile += take;
				totalRows += take;
				offset += take;
				if (rowsInFile === maxRows) closeFile(pieces, current);
			}
			return pieces;
		},
		end() {
			if (ended) return [];
			ended = true;
			const pieces: FilePiece[] = [];
			const current = writer ?? (partNumber === 0 ? startFile(pieces) : null);
			if (current !== null) closeFile(pieces, current);
			return pieces;
		},
		get files() {
			return partNumber;
		},
		get rows() {
			return totalRows;
		}
	};
}

function maxRowsOf(naming: SplitNaming): number {
	const maxRows = naming.maxRowsPerFile ?? EXCEL_MAX_DATA_ROWS;
	if (!Number.isInteger(maxRows) || maxRows < 1)
		throw new Error('maxRowsPerFile must be a positive whole number.');
	return maxRows;
}
