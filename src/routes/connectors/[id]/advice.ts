/** What a person can do about a failed test, by error code. */
import type { AppError } from '$lib/core/errors';

const ADVICE: Partial<Record<AppError['code'], string>> = {
	SF_MALFORMED_QUERY: 'Fix the query where it is underlined in the Parameters tab, then run the test again.',
	SF_INVALID_FIELD:
		'Check the spelling of the underlined field, that it exists on this object, and that the user of the credential can read it (field-level security).',
	SF_INVALID_TYPE: 'The query must read FROM User.',
	SF_INVALID_SESSION: 'Sign in again on the Credentials page.',
	AUTH_SIGN_IN_AGAIN: 'Sign in again on the Credentials page.',
	SF_REQUEST_LIMIT:
		'Wait until the org frees API requests (a rolling 24-hour window), or ask for a higher limit.',
	SF_QUERY_TIMEOUT: 'Narrow the WHERE clause or select fewer fields.',
	SF_API_DISABLED: 'Ask the Salesforce admin to enable API access for the user of the credential.',
	CORS_OR_NETWORK:
		"Add this app's address to the org's CORS allowlist (Setup → CORS) and check the network connection.",
	NETWORK: 'Check the network connection, then run the test again.',
	RETRIES_EXHAUSTED: 'Salesforce is not answering right now; try again in a few minutes.',
	MAPPING_INVALID: 'Fix the mapping problems shown in the Data mapping tab.',
	QUERY_NOT_USER: 'The query must read FROM User.',
	INVALID_INPUT: 'Check the company domains and other parameters.',
	AUTH_CONFIG: 'Choose a credential in the General tab, or sign in on the Credentials page.'
};

/** A next step for the error, or a general one. */
export function adviceFor(error: AppError): string {
	return ADVICE[error.code] ?? 'Check the credential and the query, then run the test again.';
}

/** The raw Salesforce response kept with an error, when there is one. */
export function salesforceResponse(error: AppError): string | null {
	const detail = error.detail as { body?: unknown } | undefined;
	return typeof detail?.body === 'string' && detail.body !== '' ? detail.body : null;
}
