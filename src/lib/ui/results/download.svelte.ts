/**
 * The page side of a download: the worker streams bytes chunk by chunk; they go to a file on disk through
 * the File System Access API when the browser has it, or into a Blob made of the chunks otherwise, which is
 * then saved through a link. Progress and cancel are reactive.
 */
import type { AppError } from '../../core/errors';
import type { RunLog } from '../../core/model';
import { EXPORT_FORMATS, exportBaseName } from '../../core/export';
import { callback, worker } from '../../worker/client';
import type { ExportRequest, ExportSink, ExportSummary } from '../../worker/protocol';

interface SaveFilePickerWindow {
	showSaveFilePicker?: (options: {
		suggestedName: string;
		types?: { description: string; accept: Record<string, string[]> }[];
	}) => Promise<FileSystemFileHandle>;
}

/** Saves a Blob under a file name through a temporary link. */
export function saveBlob(fileName: string, blob: Blob): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.rel = 'noopener';
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Saves a small text (run logs, mapping CSV) as a file. */
export function saveTextFile(fileName: string, text: string, mimeType: string): void {
	saveBlob(fileName, new Blob([text], { type: mimeType }));
}

/** A sink writing the first file to `handle` when one was picked, and every other file as a Blob. */
function createSink(handle: FileSystemFileHandle | null, onProgress: (rows: number) => void): ExportSink {
	let writable: FileSystemWritableFileStream | null = null;
	let parts: Uint8Array[] = [];
	let current: { fileName: string; mimeType: string } | null = null;
	let pickedUsed = false;
	return {
		async open(fileName, mimeType) {
			current = { fileName, mimeType };
			parts = [];
			if (handle && !pickedUsed) {
				pickedUsed = true;
				writable = await handle.createWritable();
			}
		},
		async write(bytes) {
			if (writable) await writable.write(bytes as Uint8Array<ArrayBuffer>);
			else parts.push(bytes);
		},
		async close() {
			if (writable) {
				await writable.close();
				writable = null;
			} else if (current)
				saveBlob(current.fileName, new Blob(parts as BlobPart[], { type: current.mimeType }));
			parts = [];
			current = null;
		},
		async abort() {
			await writable?.abort();
			writable = null;
			parts = [];
			current = null;
		},
		progress: (rows) => onProgress(rows)
	};
}

/** One download of a run's users (or removed users), with its progress. */
export class ResultDownload {
	rows = $state(0);
	total = $state(0);
	running = $state(false);
	error = $state<AppError | null>(null);
	summary = $state<ExportSummary | null>(null);
	private exportId = '';

	/** Starts the download; call from a click so the save dialog may open. */
	async start(run: RunLog, kind: 'users' | 'removed', request: ExportRequest): Promise<void> {
		if (this.running) return;
		this.exportId = crypto.randomUUID();
		this.rows = 0;
		this.total = kind === 'users' ? run.processedRows : (run.diff?.removed ?? 0);
		this.error = null;
		this.summary = null;
		const handle = await this.pickFile(run, kind, request);
		if (handle === undefined) return;
		this.running = true;
		const sink = callback(createSink(handle, (rows) => (this.rows = rows)));
		const api = worker();
		const result =
			kind === 'users'
				? await api.exportResults(this.exportId, run.id, request, sink)
				: await api.exportRemovedUsers(this.exportId, run.id, request, sink);
		this.running = false;
		if (result.ok) this.summary = result.value;
		else this.error = result.error;
	}

	/** Stops the download after its current chunk; the partial file is discarded. */
	cancel(): void {
		if (this.running) void worker().cancelExport(this.exportId);
	}

	/** A file handle from the save dialog, null to save as a Blob, undefined when the person cancelled. */
	private async pickFile(
		run: RunLog,
		kind: 'users' | 'removed',
		request: ExportRequest
	): Promise<FileSystemFileHandle | null | undefined> {
		const picker = (window as unknown as SaveFilePickerWindow).showSaveFilePicker;
		if (!picker) return null;
		const info = EXPORT_FORMATS[request.format];
		try {
			return await picker({
				suggestedName: `${exportBaseName(run, kind)}.${info.extension}`,
				types: [
					{
						description: request.format.toUpperCase(),
						accept: { [info.mimeType.split(';')[0]]: [`.${info.extension}`] }
					}
				]
			});
		} catch (thrown) {
			if (thrown instanceof DOMException && thrown.name === 'AbortError') return undefined;
			return null;
		}
	}
}
