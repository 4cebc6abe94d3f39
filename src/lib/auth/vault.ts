/**
 * Token custody in the worker's memory. One refresh at a time per credential: within a tab by sharing
 * the promise, across tabs by a Web Lock; the tab that refreshed broadcasts the new tokens so a tab that
 * waited on the lock takes them instead of refreshing again with a rotated-away refresh token (Q6–Q8).
 */
import { AppFailure, appError, toAppError, type Result } from '../core/errors';
import type { TokenSet } from './tokens';

/** Gets fresh tokens for a credential (refresh grant, or the JWT / client-credentials grant again). */
export type Renew = (current: TokenSet) => Promise<Result<TokenSet>>;
/** Revokes the credential's tokens at Salesforce. */
export type Revoke = (current: TokenSet) => Promise<Result<void>>;

/** The part of the Web Locks API the vault uses (navigator.locks). */
export interface LockManagerLike {
	request<T>(name: string, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

/** The part of BroadcastChannel the vault uses. */
export interface BroadcastChannelLike {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
	close(): void;
}

/** How a credential renews and revokes its tokens. */
export interface CredentialHandlers {
	renew?: Renew;
	revoke?: Revoke;
}

/** What tabs tell each other. */
type VaultMessage =
	| {
			kind: 'tokens';
			id: string;
			previousAccessToken: string;
			previousRefreshToken: string | null;
			tokens: TokenSet;
	  }
	| { kind: 'signed-out'; id: string };

interface Entry {
	tokens: TokenSet;
	handlers: CredentialHandlers;
	inflight: Promise<string> | null;
}

/** Options of a vault: cross-tab coordination and a hook to persist rotated tokens. */
export interface TokenVaultOptions {
	locks?: LockManagerLike;
	channel?: BroadcastChannelLike;
	/** Called whenever a credential's tokens change (refresh here or in another tab). */
	onTokens?(id: string, tokens: TokenSet): void;
	/** Called when a credential is forgotten (signed out here or in another tab). */
	onSignedOut?(id: string): void;
}

/** Keeps tokens per credential and refreshes them one at a time. */
export class TokenVault {
	readonly #entries = new Map<string, Entry>();
	readonly #options: TokenVaultOptions;

	constructor(options: TokenVaultOptions = {}) {
		this.#options = options;
		options.channel?.addEventListener('message', (event) => this.#receive(event.data));
	}

	/** Stores a credential's tokens with the way to renew and revoke them. */
	put(id: string, tokens: TokenSet, handlers: CredentialHandlers = {}): void {
		const existing = this.#entries.get(id);
		this.#entries.set(id, { tokens, handlers, inflight: existing?.inflight ?? null });
	}

	/** Whether the vault holds tokens for the credential. */
	has(id: string): boolean {
		return this.#entries.has(id);
	}

	/** The credential's tokens, or null (never leaves the worker; for the connection test and the REST client). */
	tokens(id: string): TokenSet | null {
		return this.#entries.get(id)?.tokens ?? null;
	}

	/** The current access token; AUTH_SIGN_IN_AGAIN when the credential is not signed in. */
	async getAccessToken(id: string): Promise<string> {
		return this.#entry(id).tokens.accessToken;
	}

	/** A new access token after `staleToken` was refused; concurrent callers share one refresh. */
	async refresh(id: string, staleToken: string): Promise<string> {
		const entry = this.#entry(id);
		if (entry.tokens.accessToken !== staleToken) return entry.tokens.accessToken;
		if (entry.inflight) return entry.inflight;
		const run = () => this.#refreshHolding(id, entry, staleToken);
		const locks = this.#options.locks;
		const inflight = locks ? locks.request(`salesforce-refresh:${id}`, run) : run();
		entry.inflight = inflight;
		try {
			return await inflight;
		} finally {
			if (entry.inflight === inflight) entry.inflight = null;
		}
	}

	/** Revokes the credential's tokens at Salesforce and forgets them, here and in other tabs. */
	async signOut(id: string): Promise<Result<void>> {
		const entry = this.#entries.get(id);
		this.forget(id);
		this.#options.channel?.postMessage({ kind: 'signed-out', id } satisfies VaultMessage);
		if (!entry?.handlers.revoke) return { ok: true, value: undefined };
		return entry.handlers.revoke(entry.tokens);
	}

	/** Drops the credential's tokens from memory without calling Salesforce. */
	forget(id: string): void {
		if (this.#entries.delete(id)) this.#options.onSignedOut?.(id);
	}

	/** Stops listening to other tabs. */
	close(): void {
		this.#options.channel?.close();
	}

	async #refreshHolding(id: string, entry: Entry, staleToken: string): Promise<string> {
		if (this.#entries.get(id) !== entry) throw signInAgain('The credential was signed out.');
		if (entry.tokens.accessToken !== staleToken) return entry.tokens.accessToken;
		const renew = entry.handlers.renew;
		if (!renew) throw signInAgain('This credential cannot renew its session. Sign in again.');
		const previous = entry.tokens;
		let result: Result<TokenSet>;
		try {
			result = await renew(previous);
		} catch (thrown) {
			result = { ok: false, error: toAppError(thrown) };
		}
		if (!result.ok) {
			// Another tab may have rotated the token while this one asked with the old one.
			if (entry.tokens.accessToken !== staleToken) return entry.tokens.accessToken;
			throw new AppFailure(
				result.error.code === 'AUTH_INVALID_GRANT'
					? appError('AUTH_SIGN_IN_AGAIN', 'The session ended and could not be renewed. Sign in again.', {
							detail: result.error
						})
					: result.error
			);
		}
		entry.tokens = result.value;
		this.#options.channel?.postMessage({
			kind: 'tokens',
			id,
			previousAccessToken: previous.accessToken,
			previousRefreshToken: previous.refreshToken,
			tokens: result.value
		} satisfies VaultMessage);
		this.#options.onTokens?.(id, result.value);
		return result.value.accessToken;
	}

	#receive(data: unknown): void {
		if (!isVaultMessage(data)) return;
		const entry = this.#entries.get(data.id);
		if (!entry) return;
		if (data.kind === 'signed-out') {
			this.forget(data.id);
			return;
		}
		const sameSession =
			entry.tokens.accessToken === data.previousAccessToken ||
			(data.previousRefreshToken !== null && entry.tokens.refreshToken === data.previousRefreshToken);
		if (!sameSession) return;
		entry.tokens = data.tokens;
		this.#options.onTokens?.(data.id, data.tokens);
	}

	#entry(id: string): Entry {
		const entry = this.#entries.get(id);
		if (!entry) throw signInAgain('Not signed in with this credential. Sign in first.');
		return entry;
	}
}

function signInAgain(message: string): AppFailure {
	return new AppFailure(appError('AUTH_SIGN_IN_AGAIN', message));
}

function isVaultMessage(data: unknown): data is VaultMessage {
	if (typeof data !== 'object' || data === null) return false;
	const message = data as { kind?: unknown; id?: unknown; tokens?: unknown };
	if (typeof message.id !== 'string') return false;
	if (message.kind === 'signed-out') return true;
	return message.kind === 'tokens' && typeof message.tokens === 'object' && message.tokens !== null;
}
