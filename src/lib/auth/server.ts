/**
 * The authorization server as oauth4webapi sees it: discovery (the issuer must be the configured host,
 * Q2), request options carrying the injected fetch, and the mapping of every failure to an AppError.
 */
import * as oauth from 'oauth4webapi';
import { AppFailure, appError, isAppError, type AppError } from '../core/errors';
import type { FetchLike } from '../core/salesforce/client';
import { isGenericLoginUrl, isLoopbackUrl, needsMyDomain } from './login-host';

export type { FetchLike };

/** A discovered org: its metadata, and the oauth4webapi options that send requests through `fetch`. */
export interface OrgServer {
	as: oauth.AuthorizationServer;
	options: RequestOptions;
	fetch: FetchLike;
}

/** The options oauth4webapi takes on every request here: the injected fetch, and http for loopback only. */
export interface RequestOptions {
	[oauth.customFetch]: (url: string, init: RequestInit) => Promise<Response>;
	[oauth.allowInsecureRequests]: boolean;
}

/** oauth4webapi options that route requests through an injected fetch (plain http only for loopback). */
function requestOptions(fetch: FetchLike, url: string): RequestOptions {
	return {
		[oauth.customFetch]: (input: string, init: RequestInit) => fetch(new Request(input, init)),
		[oauth.allowInsecureRequests]: isLoopbackUrl(url)
	};
}

/** Fetches and checks `/.well-known/openid-configuration` of the login URL; fails closed on another issuer. */
export async function discover(loginUrl: string, fetch: FetchLike): Promise<OrgServer> {
	const options = requestOptions(fetch, loginUrl);
	const issuer = new URL(loginUrl);
	try {
		const response = await oauth.discoveryRequest(issuer, options);
		const as = await oauth.processDiscoveryResponse(issuer, response);
		return { as, options, fetch };
	} catch (thrown) {
		throw new AppFailure(authError(thrown, loginUrl, 'discovery'));
	}
}

/** Turns anything thrown during an OAuth exchange into an AppError a person can act on. */
export function authError(
	thrown: unknown,
	url: string,
	step: 'discovery' | 'token' | 'revoke' | 'callback'
): AppError {
	if (thrown instanceof AppFailure) return thrown.error;
	if (thrown instanceof oauth.ResponseBodyError) return tokenEndpointError(thrown);
	if (thrown instanceof oauth.AuthorizationResponseError) {
		return appError(
			'AUTH_CALLBACK_ERROR',
			`Salesforce refused the sign-in: ${thrown.error_description ?? thrown.error}.`,
			{ detail: { error: thrown.error, error_description: thrown.error_description ?? null } }
		);
	}
	if (thrown instanceof oauth.OperationProcessingError) return processingError(thrown, url, step);
	if (thrown instanceof TypeError && !('code' in thrown)) return unreachable(url, step);
	if (isAppError(thrown)) return thrown;
	if (thrown instanceof DOMException && thrown.name === 'AbortError')
		return appError('ABORTED', 'Cancelled.');
	const message = thrown instanceof Error ? thrown.message : String(thrown);
	return appError('INTERNAL', message || 'Unknown error');
}

function tokenEndpointError(thrown: oauth.ResponseBodyError): AppError {
	const detail = {
		error: thrown.error,
		error_description: thrown.error_description ?? null,
		status: thrown.status
	};
	const said = thrown.error_description ? ` (${thrown.error_description})` : '';
	switch (thrown.error) {
		case 'invalid_grant':
			return appError('AUTH_INVALID_GRANT', `Salesforce did not accept the grant${said}. Sign in again.`, {
				status: thrown.status,
				detail
			});
		case 'invalid_client_id':
		case 'invalid_client':
		case 'unsupported_grant_type':
		case 'invalid_scope':
			return appError(
				'AUTH_CONFIG',
				`The connected app refused this request: ${thrown.error}${said}. Check the consumer key, secret and the app’s OAuth settings.`,
				{ status: thrown.status, detail }
			);
		default:
			return appError('AUTH_TOKEN_ENDPOINT', `The token endpoint answered ${thrown.error}${said}.`, {
				status: thrown.status,
				detail
			});
	}
}

function processingError(thrown: oauth.OperationProcessingError, url: string, step: string): AppError {
	const cause = thrown.cause as { status?: number; body?: unknown } | undefined;
	switch (thrown.code) {
		case oauth.JSON_ATTRIBUTE_COMPARISON:
			return appError(
				'AUTH_ISSUER_MISMATCH',
				`The server at ${url} says it is a different issuer. Check the login URL; sign-in stopped.`,
				{ detail: { expected: url, got: (cause?.body as { issuer?: unknown } | undefined)?.issuer ?? null } }
			);
		case oauth.RESPONSE_IS_NOT_JSON:
		case oauth.PARSE_ERROR:
		case oauth.RESPONSE_IS_NOT_CONFORM: {
			const status = cause instanceof Response ? cause.status : undefined;
			return appError(
				'AUTH_TOKEN_ENDPOINT',
				`The ${step} endpoint at ${url} did not answer with OAuth JSON${status ? ` (HTTP ${status})` : ''}; ` +
					'it may be a maintenance page or a wrong URL. Nothing was saved.',
				{ status, retryable: status !== undefined && status >= 500 }
			);
		}
		default:
			return appError('AUTH_TOKEN_ENDPOINT', `Salesforce’s answer could not be used: ${thrown.message}.`, {
				detail: { code: thrown.code ?? null }
			});
	}
}

/** The opaque TypeError a browser gives for a refused CORS call or a dead network (Q9, Q18). */
function unreachable(url: string, step: string): AppError {
	if (isGenericLoginUrl(url)) return needsMyDomain(url);
	const origin = new URL(url).origin;
	return appError(
		'CORS_OR_NETWORK',
		`The browser could not reach ${origin} (${step}). Either the network is down, or the org does not answer this ` +
			'app’s origin: add the origin to the CORS allowlist and tick “Enable CORS for OAuth endpoints” in Setup → CORS.',
		{ retryable: true }
	);
}
