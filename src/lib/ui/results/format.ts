/** How the runs and results pages write numbers, times, durations and statuses. */
import type { RunLog, RunStatus } from '../../core/model';

const numberFormat = new Intl.NumberFormat('en-US');

/** A count with thousands separators, or an em dash when unknown. */
export function formatCount(value: number | null | undefined): string {
	return value === null || value === undefined ? '—' : numberFormat.format(Math.round(value));
}

/** A moment as local date and time, e.g. "2026-11-21 10:03:12". */
export function formatTime(epochMs: number | null): string {
	if (epochMs === null) return '—';
	const date = new Date(epochMs);
	const pad = (value: number) => String(value).padStart(2, '0');
	return (
		`${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
		`${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
	);
}

/** A duration as "850 ms", "12.4 s", "3 min 05 s" or "1 h 02 min". */
export function formatDuration(ms: number | null): string {
	if (ms === null || !Number.isFinite(ms)) return '—';
	if (ms < 1000) return `${Math.round(ms)} ms`;
	const seconds = ms / 1000;
	if (seconds < 60) return `${seconds.toFixed(1)} s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, '0')} s`;
	return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** How long a run took, or has been running. */
export function runDurationMs(run: RunLog, now: number): number | null {
	if (run.finishedAt !== null) return Math.max(0, run.finishedAt - run.startedAt);
	return run.status === 'running' ? Math.max(0, now - run.startedAt) : null;
}

/** A run status in words. */
export const STATUS_LABELS: Record<RunStatus, string> = {
	running: 'Running',
	paused: 'Paused',
	cancelled: 'Cancelled',
	success: 'Success',
	partial: 'Partial',
	failure: 'Failure'
};

/** Whether a run can be continued from its checkpoint. */
export function canResume(run: RunLog): boolean {
	return run.status === 'paused' || run.status === 'cancelled';
}

/** Bytes as "512 B", "3.2 MB"… */
export function formatSize(bytes: number): string {
	const units = ['B', 'KB', 'MB', 'GB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The URL to render as a link, only for http(s) (Q31); null for anything else. */
export function safeHttpUrl(text: string): string | null {
	if (!/^https?:\/\//i.test(text)) return null;
	try {
		const url = new URL(text);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
	} catch {
		return null;
	}
}
