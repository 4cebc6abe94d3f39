/** The download formats of mapped users, with the writer, file extension and MIME type of each. */
import { createCsvWriter, type CsvOptions } from './csv-writer';
import { createJsonWriter, createNdjsonWriter } from './json-writer';
import type { RunLog } from '../model';
import type { ExportColumns, ExportWriter } from './types';

export type ExportFormat = 'csv' | 'json' | 'ndjson';

/** What a download needs to know about a format. */
export interface ExportFormatInfo {
	extension: string;
	mimeType: string;
	/** Whether files are split at the Excel row limit (only CSV is opened in spreadsheets). */
	splitForExcel: boolean;
}

/** Extension, MIME type and split rule of each format. */
export const EXPORT_FORMATS: Record<ExportFormat, ExportFormatInfo> = {
	csv: { extension: 'csv', mimeType: 'text/csv;charset=utf-8', splitForExcel: true },
	json: { extension: 'json', mimeType: 'application/json', splitForExcel: false },
	ndjson: { extension: 'ndjson', mimeType: 'application/x-ndjson', splitForExcel: false }
};

/** Creates the writer of a format; CSV options apply to CSV only. */
export function createExportWriter(format: ExportFormat, options: ExportColumns & CsvOptions): ExportWriter {
	switch (format) {
		case 'csv':
			return createCsvWriter(options);
		case 'json':
			return createJsonWriter(options);
		case 'ndjson':
			return createNdjsonWriter(options);
	}
}

/** File name (without extension) of a run's download: "sales_users-users-2026-11-21-09-30". */
export function exportBaseName(run: Pick<RunLog, 'nqlId' | 'time'>, kind: 'users' | 'removed'): string {
	return `${run.nqlId}-${kind}-${new Date(run.time).toISOString().slice(0, 16).replace(/[:T]/g, '-')}`;
}
