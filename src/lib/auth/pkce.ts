/**
 * Authorization code + PKCE on oauth4webapi. `beginAuthorization` discovers the org (the issuer must be
 * the configured host, Q2), saves a fresh verifier, state and nonce, and gives the authorize URL.
 * `completeAuthorization` takes the pending data out (so it is gone after one use, Q3), checks state
 * always, `iss` when present and `error` (Q1), exchanges the code, and returns tokens or an AppError (Q4).
 */
import * as oauth from 'oauth4webapi';
import { AppFailure, appError, type Result } from '../core/errors';
import type { Credential } from '../core/model';
import { appLoginUrl } from './login-host';
import { authError, discover, type FetchLike } from './server';
import { tokenSetFrom, type TokenSet } from './tokens';

/** Scopes asked for by default: API access and a refresh token. */
const DEFAULT_SCOPE = 'api refresh_token';

/** What is kept between the redirect to Salesforce and the callback. */
export interface PendingAuthorization {
	credentialId: string;
	clientId: string;
	loginUrl: string;
	redirectUri: string;
	codeVerifier: string;
	state: string;
	nonce: string;
	scope: string;
	createdAt: number;
}

/** A pending entry after its callback was handled: kept so a reload gets one clear message. */
export interface UsedAuthorization {
	used: true;
	credentialId: string;
}

/** Where pending sign-ins wait across the redirect (sessionStorage or IndexedDB in the app). */
export interface PendingAuthStore {
	put(state: string, data: PendingAuthorization | UsedAuthorization): Promise<void> | void;
	/** Returns the entry and deletes it. */
	take(
		state: string
	):
		| Promise<PendingAuthorization | UsedAuthorization | null>
		| PendingAuthorization
		| UsedAuthorization
		| null;
}

/** A PendingAuthStore in memory (tests, or a single-page flow without reload). */
export function createMemoryPendingStore(): PendingAuthStore & { readonly size: number } {
	const entries = new Map<string, PendingAuthorization | UsedAuthorization>();
	return {
		get size() {
			return entries.size;
		},
		put(state, data) {
			entries.set(state, data);
		},
		take(state) {
			const data = entries.get(state) ?? null;
			entries.delete(state);
			return data;
		}
	};
}

/** The part of Web Storage a pending store needs (sessionStorage survives the redirect, per tab). */
export interface StorageLike {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

/**
 * A PendingAuthStore over sessionStorage. It holds the PKCE verifier, state and nonce for the few minutes
 * of the redirect (never a token); the entry is removed when the callback takes it.
 */
export function createStoragePendingStore(
	storage: StorageLike,
	prefix = 'sf-pending-auth:'
): PendingAuthStore {
	return {
		put(state, data) {
			storage.setItem(prefix + state, JSON.stringify(data));
		},
		take(state) {
			const text = storage.getItem(prefix + state);
			storage.removeItem(prefix + state);
			if (!text) return null;
			try {
				const data: unknown = JSON.parse(text);
				return typeof data === 'object' && data !== null
					? (data as PendingAuthorization | UsedAuthorization)
					: null;
			} catch {
				return null;
			}
		}
	};
}

/** What an authorization-code credential needs. */
export type PkceCredential = Pick<Credential, 'id' | 'clientId' | 'loginHost'>;

/** Starts a sign-in: the URL to send the browser to. */
export async function beginAuthorization(input: {
	credential: PkceCredential;
	redirectUri: string;
	store: PendingAuthStore;
	fetch: FetchLike;
	scope?: string;
	now?: () => number;
}): Promise<Result<{ url: string; state: string }>> {
	const loginUrl = appLoginUrl(input.credential);
	if (!loginUrl.ok) return loginUrl;
	try {
		const { as } = await discover(loginUrl.value, input.fetch);
		if (!as.authorization_endpoint) {
			return {
				ok: false,
				error: appError('AUTH_CONFIG', 'The org does not publish an authorization endpoint.')
			};
		}
		const pending: PendingAuthorization = {
			credentialId: input.credential.id,
			clientId: input.credential.clientId,
			loginUrl: loginUrl.value,
			redirectUri: input.redirectUri,
			codeVerifier: oauth.generateRandomCodeVerifier(),
			state: oauth.generateRandomState(),
			nonce: oauth.generateRandomNonce(),
			scope: input.scope ?? DEFAULT_SCOPE,
			createdAt: (input.now ?? Date.now)()
		};
		const url = new URL(as.authorization_endpoint);
		url.searchParams.set('response_type', 'code');
		url.searchParams.set('client_id', pending.clientId);
		url.searchParams.set('redirect_uri', pending.redirectUri);
		url.searchParams.set('scope', pending.scope);
		url.searchParams.set('state', pending.state);
		url.searchParams.set('nonce', pending.nonce);
		url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.codeVerifier));
		url.searchParams.set('code_challenge_method', 'S256');
		await input.store.put(pending.state, pending);
		return { ok: true, value: { url: url.href, state: pending.state } };
	} catch (thrown) {
		return { ok: false, error: authError(thrown, loginUrl.value, 'discovery') };
	}
}

/** Finishes a sign-in from the callback URL: the tokens, or why not. */
export async function completeAuthorization(input: {
	callbackUrl: string;
	store: PendingAuthStore;
	fetch: FetchLike;
	now?: () => number;
}): Promise<Result<{ credentialId: string; tokens: TokenSet }>> {
	const params = new URL(input.callbackUrl).searchParams;
	const state = params.get('state');
	if (!state) {
		return fail(
			'AUTH_STATE_MISMATCH',
			'The sign-in answer carries no state, so it cannot be matched to a sign-in started here. Start again.'
		);
	}
	const pending = await input.store.take(state);
	if (!pending) {
		return fail(
			'AUTH_STATE_MISMATCH',
			'This sign-in answer does not belong to a sign-in started in this browser. Start again.'
		);
	}
	if ('used' in pending) {
		await input.store.put(state, pending);
		return fail(
			'AUTH_INVALID_GRANT',
			'This sign-in was already completed (the page was probably reloaded); its one-time code cannot be used again. Start sign-in again if you are not signed in.'
		);
	}
	await input.store.put(state, { used: true, credentialId: pending.credentialId });
	try {
		const server = await discover(pending.loginUrl, input.fetch);
		const client: oauth.Client = { client_id: pending.clientId };
		let callback: URLSearchParams;
		try {
			callback = oauth.validateAuthResponse(server.as, client, params, pending.state);
		} catch (thrown) {
			throw new AppFailure(callbackError(thrown, pending.loginUrl));
		}
		const response = await oauth.authorizationCodeGrantRequest(
			server.as,
			client,
			oauth.None(),
			callback,
			pending.redirectUri,
			pending.codeVerifier,
			server.options
		);
		const openid = pending.scope.split(' ').includes('openid');
		const result = await oauth.processAuthorizationCodeResponse(
			server.as,
			client,
			response,
			openid ? { expectedNonce: pending.nonce, requireIdToken: true } : undefined
		);
		const now = (input.now ?? Date.now)();
		return { ok: true, value: { credentialId: pending.credentialId, tokens: tokenSetFrom(result, now) } };
	} catch (thrown) {
		return { ok: false, error: authError(thrown, pending.loginUrl, 'token') };
	}
}

function callbackError(thrown: unknown, loginUrl: string) {
	if (thrown instanceof oauth.OperationProcessingError && /"iss"/.test(thrown.message)) {
		return appError(
			'AUTH_ISSUER_MISMATCH',
			`The sign-in answer names another issuer than ${loginUrl}; it was rejected.`
		);
	}
	if (thrown instanceof oauth.OperationProcessingError && /"state"/.test(thrown.message)) {
		return appError('AUTH_STATE_MISMATCH', 'The sign-in answer’s state does not match. Start again.');
	}
	return authError(thrown, loginUrl, 'callback');
}

function fail(code: 'AUTH_STATE_MISMATCH' | 'AUTH_INVALID_GRANT', message: string): Result<never> {
	return { ok: false, error: appError(code, message) };
}
