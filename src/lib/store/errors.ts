import { appError, type AppError } from '../core/errors';

interface ErrorLike {
	name?: string;
	message?: string;
	inner?: unknown;
}

/** Whether a thrown value is a quota error, directly or as the `inner` cause of an abort (Q25). */
export function isQuotaError(thrown: unknown): boolean {
	for (let current = thrown as ErrorLike | undefined, depth = 0; current && depth < 5; depth++) {
		if (current.name === 'QuotaExceededError') return true;
		current = current.inner as ErrorLike | undefined;
	}
	return false;
}

/** Maps a storage failure to an error code: STORAGE_QUOTA, STORAGE_VERSION_CHANGED, STORAGE_UNAVAILABLE or STORAGE_ERROR. */
export function storageError(thrown: unknown, usage?: { usage?: number; quota?: number }): AppError {
	const error = (thrown ?? {}) as ErrorLike;
	if (isQuotaError(thrown)) {
		const needed =
			usage?.usage !== undefined && usage.quota !== undefined
				? ` (${formatBytes(usage.usage)} used of ${formatBytes(usage.quota)})`
				: '';
		return appError(
			'STORAGE_QUOTA',
			`This browser's storage for the app is full${needed}. Delete old runs or free disk space, then resume.`,
			{
				detail: usage
			}
		);
	}
	if (error.name === 'DatabaseClosedError' || error.name === 'VersionChangeError')
		return appError(
			'STORAGE_VERSION_CHANGED',
			'The app was updated in another tab. Reload this page to continue.'
		);
	if (error.name === 'MissingAPIError' || error.name === 'InvalidStateError')
		return appError(
			'STORAGE_UNAVAILABLE',
			'IndexedDB is not available in this browser window (private mode or disabled storage).'
		);
	return appError('STORAGE_ERROR', `Storage failed: ${error.message ?? String(thrown)}`);
}

/** Formats a byte count for people (1.5 MB). */
export function formatBytes(bytes: number): string {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}
	return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
