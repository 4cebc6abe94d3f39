/**
 * Turns Salesforce error answers into AppError data with stable codes. Salesforce answers errors as
 * `[{ "message", "errorCode", "fields"? }]`; some (503, 414, CORS 403) answer HTML or nothing.
 */
import { appError, type AppError } from '../errors';

/** API usage read from the `Sforce-Limit-Info` header. */
export interface ApiUsage {
	used: number;
	max: number;
}

/** One entry of a Salesforce error body. */
export interface SalesforceErrorEntry {
	message: string;
	errorCode: string;
	fields?: string[];
}

/** Parses `api-usage=USED/MAX` from a Sforce-Limit-Info header value; null when absent or unreadable. */
export function parseApiUsage(header: string | null): ApiUsage | null {
	if (!header) return null;
	const match = /api-usage=(\d+)\/(\d+)/i.exec(header);
	return match ? { used: Number(match[1]), max: Number(match[2]) } : null;
}

/** Reads `ERROR at Row:R:Column:C` from a Salesforce message. */
export function parseErrorLocation(message: string): { row: number; column: number } | null {
	const match = /ERROR at Row:(\d+):Column:(\d+)/.exec(message);
	return match ? { row: Number(match[1]), column: Number(match[2]) } : null;
}

/** The explanatory part of a query error: what follows the "ERROR at Row…" line, or the whole message. */
function explanation(message: string): string {
	const lines = message.split('\n');
	const at = lines.findIndex((line) => /ERROR at Row:\d+:Column:\d+/.test(line));
	const rest =
		at >= 0
			? lines
					.slice(at + 1)
					.join(' ')
					.trim()
			: '';
	return rest || message.trim();
}

/** Parses a Salesforce error body; null when it is not the documented array shape. */
export function parseErrorBody(text: string): SalesforceErrorEntry[] | null {
	try {
		const body: unknown = JSON.parse(text);
		const list = Array.isArray(body) ? body : [body];
		const entries = list.filter(
			(item): item is SalesforceErrorEntry =>
				typeof item === 'object' &&
				item !== null &&
				typeof (item as SalesforceErrorEntry).errorCode === 'string' &&
				typeof (item as SalesforceErrorEntry).message === 'string'
		);
		return entries.length > 0 ? entries : null;
	} catch {
		return null;
	}
}

/** Whether an HTTP status is worth repeating for an idempotent GET. */
export function isRetryableStatus(status: number): boolean {
	return status === 420 || status === 429 || status >= 500;
}

/** Maps a non-2xx Salesforce answer to an AppError. */
export function errorFromResponse(status: number, bodyText: string, apiUsage: ApiUsage | null): AppError {
	const entry = parseErrorBody(bodyText)?.[0];
	const sfCode = entry?.errorCode ?? null;
	const sfMessage = entry?.message ?? '';
	const detail = { errorCode: sfCode, body: bodyText.slice(0, 2000), apiUsage };
	const location = parseErrorLocation(sfMessage);
	const base = { status, detail, ...(location ?? {}) };

	switch (sfCode) {
		case 'INVALID_SESSION_ID':
			return appError('SF_INVALID_SESSION', 'The Salesforce session expired or is invalid.', base);
		case 'MALFORMED_QUERY':
			return appError(
				'SF_MALFORMED_QUERY',
				location
					? `The query is malformed at row ${location.row}, column ${location.column}: ${explanation(sfMessage)}`
					: `The query is malformed: ${explanation(sfMessage)}`,
				base
			);
		case 'INVALID_FIELD': {
			const field = /No such column '([^']+)'/.exec(sfMessage)?.[1] ?? entry?.fields?.[0];
			return appError(
				'SF_INVALID_FIELD',
				field
					? `The field '${field}' does not exist on this object or is not readable by this user.`
					: `A field in the query is invalid: ${explanation(sfMessage)}`,
				{ ...base, ...(field ? { field } : {}) }
			);
		}
		case 'INVALID_TYPE':
			return appError(
				'SF_INVALID_TYPE',
				`The object in the query is not supported: ${explanation(sfMessage)}`,
				base
			);
		case 'QUERY_TIMEOUT':
			return appError(
				'SF_QUERY_TIMEOUT',
				'Salesforce stopped the query because it ran too long. Narrow the WHERE clause or select fewer fields.',
				base
			);
		case 'REQUEST_LIMIT_EXCEEDED':
			if (/ConcurrentRequests/i.test(sfMessage))
				return appError(
					'SF_CONCURRENT_LIMIT',
					'Salesforce refused the request: too many API requests of this org are running at once.',
					{ ...base, retryable: true }
				);
			return appError(
				'SF_REQUEST_LIMIT',
				apiUsage
					? `The org's daily API request limit is used up (${apiUsage.used} of ${apiUsage.max}). Try again once the rolling 24-hour window frees requests.`
					: "The org's daily API request limit is used up. Try again once the rolling 24-hour window frees requests.",
				base
			);
		case 'API_DISABLED_FOR_ORG':
			return appError(
				'SF_API_DISABLED',
				'The REST API is not enabled for this Salesforce org or user.',
				base
			);
		case 'INVALID_QUERY_LOCATOR':
			return appError('SF_INVALID_LOCATOR', 'The query cursor expired or is unknown to Salesforce.', base);
		case 'NOT_FOUND':
			return appError('SF_NOT_FOUND', 'The requested Salesforce resource does not exist.', base);
	}
	if (status === 401)
		return appError('SF_INVALID_SESSION', 'The Salesforce session expired or is invalid.', base);
	if (status === 410)
		return appError(
			'SF_VERSION_RETIRED',
			'This Salesforce API version is retired. Pick a newer version.',
			base
		);
	if (status === 414 || status === 431)
		return appError(
			'SF_URI_TOO_LONG',
			'The query is too long for a request URL (16,384 bytes at most).',
			base
		);
	if (status >= 500)
		return appError('HTTP_5XX', `Salesforce answered ${status}: it may be in maintenance or overloaded.`, {
			...base,
			retryable: true
		});
	if (isRetryableStatus(status))
		return appError('HTTP_ERROR', `Salesforce asked to slow down (HTTP ${status}).`, {
			...base,
			retryable: true
		});
	if (sfCode) return appError('SF_ERROR', `Salesforce answered ${sfCode}: ${sfMessage}`, base);
	return appError('HTTP_ERROR', `Salesforce answered HTTP ${status}.`, base);
}
