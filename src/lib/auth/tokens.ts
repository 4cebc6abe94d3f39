/**
 * Token sets as Salesforce hands them out (no `expires_in`; `issued_at` in epoch ms as text; `id` is the
 * identity URL `https://HOST/id/00D…/005…`).
 */
import type * as oauth from 'oauth4webapi';
import { AppFailure, appError } from '../core/errors';

/** What the worker keeps for a signed-in credential. */
export interface TokenSet {
	accessToken: string;
	/** Present when the grant returned one (authorization code, refresh with rotation, pasted). */
	refreshToken: string | null;
	instanceUrl: string;
	/** Epoch ms when Salesforce issued the access token. */
	issuedAt: number;
	/** Identity URL, when known. */
	identityUrl: string | null;
	orgId: string | null;
	userId: string | null;
	scope: string | null;
}

/** Org and user ids from an identity URL `…/id/{orgId}/{userId}`. */
function parseIdentityUrl(url: string): { orgId: string; userId: string } | null {
	const match = /\/id\/([A-Za-z0-9]{15,18})\/([A-Za-z0-9]{15,18})\/?$/.exec(url);
	return match ? { orgId: match[1], userId: match[2] } : null;
}

/** A token set from a processed token response; `previousRefreshToken` is kept when none came back. */
export function tokenSetFrom(
	response: oauth.TokenEndpointResponse,
	now: number,
	previousRefreshToken: string | null = null
): TokenSet {
	const instanceUrl =
		typeof response.instance_url === 'string' ? response.instance_url.replace(/\/+$/, '') : '';
	if (!/^https?:\/\//.test(instanceUrl)) {
		throw new AppFailure(
			appError('AUTH_TOKEN_ENDPOINT', 'The token response has no instance_url; it is not Salesforce’s.')
		);
	}
	const identityUrl = typeof response.id === 'string' ? response.id : null;
	const ids = identityUrl ? parseIdentityUrl(identityUrl) : null;
	const issuedAt = typeof response.issued_at === 'string' ? Number(response.issued_at) : NaN;
	return {
		accessToken: response.access_token,
		refreshToken: response.refresh_token ?? previousRefreshToken,
		instanceUrl,
		issuedAt: Number.isFinite(issuedAt) ? issuedAt : now,
		identityUrl,
		orgId: ids?.orgId ?? null,
		userId: ids?.userId ?? null,
		scope: response.scope ?? null
	};
}
