/**
 * Errors are data: a stable `code` a program can branch on, a `message` a person can act on,
 * and optional location details. They cross the worker boundary as plain objects.
 */

/** Stable error codes used across the app. New codes are added here, never renamed. */
export type ErrorCode =
	// Salesforce API
	| 'SF_INVALID_SESSION'
	| 'SF_MALFORMED_QUERY'
	| 'SF_INVALID_FIELD'
	| 'SF_INVALID_TYPE'
	| 'SF_REQUEST_LIMIT'
	| 'SF_QUERY_TIMEOUT'
	| 'SF_INVALID_LOCATOR'
	| 'SF_API_DISABLED'
	| 'SF_NOT_FOUND'
	| 'SF_VERSION_RETIRED'
	| 'SF_URI_TOO_LONG'
	| 'SF_CONCURRENT_LIMIT'
	// Bulk API 2.0 query jobs
	| 'SF_BULK_UNSUPPORTED'
	| 'SF_BULK_JOB_FAILED'
	| 'SF_BULK_JOB_ABORTED'
	| 'SF_BULK_JOB_NOT_FOUND'
	| 'SF_BULK_JOB_TIMEOUT'
	| 'SF_BULK_JOB_LIMIT'
	| 'SF_ERROR'
	| 'NETWORK'
	| 'CORS_OR_NETWORK'
	| 'HTTP_5XX'
	| 'HTTP_ERROR'
	| 'BAD_RESPONSE'
	| 'RETRIES_EXHAUSTED'
	| 'ABORTED'
	// OAuth
	| 'AUTH_STATE_MISMATCH'
	| 'AUTH_ISSUER_MISMATCH'
	| 'AUTH_CALLBACK_ERROR'
	| 'AUTH_INVALID_GRANT'
	| 'AUTH_TOKEN_ENDPOINT'
	| 'AUTH_NEEDS_MY_DOMAIN'
	| 'AUTH_SIGN_IN_AGAIN'
	| 'AUTH_CONFIG'
	// Mapping
	| 'MAPPING_INVALID'
	| 'MAPPING_EVAL'
	| 'MAPPING_TIMEOUT'
	| 'MAPPING_STACK'
	| 'MAPPING_TOO_LARGE'
	// Run
	| 'RUN_TOO_MANY_ROWS'
	| 'RUN_COUNT_MISMATCH'
	| 'RUN_ALREADY_RUNNING'
	| 'RUN_NOT_FOUND'
	| 'RUN_CANCELLED'
	| 'QUERY_NOT_USER'
	// Storage
	| 'STORAGE_QUOTA'
	| 'STORAGE_UNAVAILABLE'
	| 'STORAGE_VERSION_CHANGED'
	| 'STORAGE_ERROR'
	// Input
	| 'INVALID_INPUT'
	| 'INTERNAL';

/** An error as data. */
export interface AppError {
	code: ErrorCode;
	message: string;
	/** HTTP status when the error came from a response. */
	status?: number;
	/** 1-based row and column in the SOQL or expression the error points at. */
	row?: number;
	column?: number;
	/** 0-based offset in the source text, when known. */
	position?: number;
	/** The field or expression the error is about. */
	field?: string;
	/** Whether repeating the same request may succeed. */
	retryable?: boolean;
	/** Raw server payload or extra facts for diagnosis (must be structured-clone safe). */
	detail?: unknown;
}

/** A thrown wrapper around an AppError, for code paths that unwind the stack. */
export class AppFailure extends Error {
	readonly error: AppError;
	constructor(error: AppError) {
		super(error.message);
		this.name = 'AppFailure';
		this.error = error;
	}
}

/** A result that is either a value or an error, never both. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Builds an AppError. */
export function appError(code: ErrorCode, message: string, extra: Partial<AppError> = {}): AppError {
	return { ...extra, code, message };
}

/** Turns anything thrown into an AppError, keeping AppFailure's payload. */
export function toAppError(thrown: unknown, fallback: ErrorCode = 'INTERNAL'): AppError {
	if (thrown instanceof AppFailure) return thrown.error;
	if (isAppError(thrown)) return thrown;
	if (thrown instanceof DOMException && thrown.name === 'AbortError')
		return appError('ABORTED', 'Cancelled.');
	const message = thrown instanceof Error ? thrown.message : String(thrown);
	return appError(fallback, message || 'Unknown error');
}

/** Whether a value has the shape of an AppError. */
export function isAppError(value: unknown): value is AppError {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as AppError).code === 'string' &&
		typeof (value as AppError).message === 'string'
	);
}
