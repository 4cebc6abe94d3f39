/**
 * The sessions of this worker: tokens per credential in memory, with the secrets held to renew them.
 * One refresh at a time per credential: within a tab by sharing the promise, across tabs by one Web Lock.
 * Tabs speak one channel protocol: the tab that refreshed broadcasts the new tokens (so a tab that waited
 * on the lock takes them instead of refreshing again with a rotated-away refresh token, Q6–Q8), a sign-out
 * is broadcast, and a worker that lacks a credential's session asks the others for it ('who-has'), so a
 * sync in tab B works right after signing in in tab A. Same-origin workers only ever hear these.
 */
import { AppFailure, appError, toAppError, type Result } from '../core/errors';
import type { HeldSecrets, SessionHandlers } from './kinds';
import type { TokenSet } from './tokens';

/** Name of the channel the workers of all tabs share sessions over. */
export const SESSION_CHANNEL = 'salesforce-user-connector:sessions';
/** How long a worker waits for another tab to answer 'who-has'. */
const PEER_WAIT_MS = 400;

/** The Web Lock held while a credential's session is renewed or restored. */
function refreshLockName(credentialId: string): string {
	return `salesforce-refresh:${credentialId}`;
}

/** The part of the Web Locks API the sessions use (navigator.locks). */
export interface LockManagerLike {
	request<T>(name: string, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

/** The part of BroadcastChannel the sessions use. */
export interface BroadcastChannelLike {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
	close(): void;
}

/** Runs `run` under the credential's refresh lock (or at once when there are no locks). */
export function underRefreshLock<T>(
	locks: LockManagerLike | undefined,
	credentialId: string,
	run: () => Promise<T>
): Promise<T> {
	return locks ? locks.request(refreshLockName(credentialId), run) : run();
}

/** A live session another tab's worker handed over. */
export interface SharedSession {
	tokens: TokenSet;
	held: HeldSecrets;
	username: string | null;
}

/** What tabs tell each other. */
type SessionMessage =
	| {
			kind: 'tokens';
			id: string;
			previousAccessToken: string;
			previousRefreshToken: string | null;
			tokens: TokenSet;
	  }
	| { kind: 'signed-out'; id: string }
	| { kind: 'who-has'; id: string; request: string }
	| ({ kind: 'session'; id: string; request: string } & SharedSession);

interface Entry {
	tokens: TokenSet;
	handlers: SessionHandlers;
	held: HeldSecrets;
	username: string | null;
	inflight: Promise<string> | null;
}

/** Options of the sessions: cross-tab coordination and a hook to persist rotated tokens. */
export interface TokenVaultOptions {
	locks?: LockManagerLike;
	channel?: BroadcastChannelLike;
	/** How long `askPeers` waits for an answer. */
	peerWaitMs?: number;
	/** Called whenever a credential's tokens change (refresh here or in another tab). */
	onTokens?(id: string, tokens: TokenSet): void;
}

/** Keeps tokens per credential, refreshes them one at a time, and shares them with the other tabs. */
export class TokenVault {
	readonly #entries = new Map<string, Entry>();
	readonly #waiting = new Map<string, (session: SharedSession) => void>();
	readonly #options: TokenVaultOptions;

	constructor(options: TokenVaultOptions = {}) {
		this.#options = options;
		options.channel?.addEventListener('message', (event) => this.#receive(event.data));
	}

	/** Stores a credential's tokens with the way to renew and revoke them and the secrets they renew with. */
	put(id: string, tokens: TokenSet, handlers: SessionHandlers = {}, held: HeldSecrets = {}): void {
		const existing = this.#entries.get(id);
		const username = existing?.username ?? null;
		this.#entries.set(id, { tokens, handlers, held, username, inflight: existing?.inflight ?? null });
	}

	/** Whether tokens are held for the credential. */
	has(id: string): boolean {
		return this.#entries.has(id);
	}

	/** The credential's tokens, or null (never leaves the worker; for the connection test and the REST client). */
	tokens(id: string): TokenSet | null {
		return this.#entries.get(id)?.tokens ?? null;
	}

	/** The secrets held to renew the credential's session. */
	held(id: string): HeldSecrets {
		return this.#entries.get(id)?.held ?? {};
	}

	/** The username the identity call reported, when known. */
	username(id: string): string | undefined {
		return this.#entries.get(id)?.username ?? undefined;
	}

	/** Notes the username of a signed-in credential. */
	setUsername(id: string, username: string): void {
		const entry = this.#entries.get(id);
		if (entry) entry.username = username;
	}

	/** A new access token after `staleToken` was refused; concurrent callers share one refresh. */
	async refresh(id: string, staleToken: string): Promise<string> {
		const entry = this.#entry(id);
		if (entry.tokens.accessToken !== staleToken) return entry.tokens.accessToken;
		if (entry.inflight) return entry.inflight;
		const inflight = underRefreshLock(this.#options.locks, id, () =>
			this.#refreshHolding(id, entry, staleToken)
		);
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
		this.#entries.delete(id);
		this.#post({ kind: 'signed-out', id });
		if (!entry?.handlers.revoke) return { ok: true, value: undefined };
		return entry.handlers.revoke(entry.tokens);
	}

	/** Drops the credential's tokens from memory without calling Salesforce. */
	forget(id: string): void {
		this.#entries.delete(id);
	}

	/** Stops listening to other tabs. */
	close(): void {
		this.#options.channel?.close();
	}

	/** The live session of a credential in another tab's worker, or null when none answers in time. */
	askPeers(id: string): Promise<SharedSession | null> {
		if (!this.#options.channel) return Promise.resolve(null);
		const request = crypto.randomUUID();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.#waiting.delete(request);
				resolve(null);
			}, this.#options.peerWaitMs ?? PEER_WAIT_MS);
			this.#waiting.set(request, (session) => {
				clearTimeout(timer);
				this.#waiting.delete(request);
				resolve(session);
			});
			this.#post({ kind: 'who-has', id, request });
		});
	}

	#post(message: SessionMessage): void {
		this.#options.channel?.postMessage(message);
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
		this.#post({
			kind: 'tokens',
			id,
			previousAccessToken: previous.accessToken,
			previousRefreshToken: previous.refreshToken,
			tokens: result.value
		});
		this.#options.onTokens?.(id, result.value);
		return result.value.accessToken;
	}

	#receive(data: unknown): void {
		if (!isSessionMessage(data)) return;
		if (data.kind === 'session') {
			this.#waiting.get(data.request)?.({ tokens: data.tokens, held: data.held, username: data.username });
			return;
		}
		const entry = this.#entries.get(data.id);
		if (!entry) return;
		if (data.kind === 'who-has') {
			const { tokens, held, username } = entry;
			this.#post({ kind: 'session', id: data.id, request: data.request, tokens, held, username });
			return;
		}
		if (data.kind === 'signed-out') {
			this.#entries.delete(data.id);
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

function isSessionMessage(data: unknown): data is SessionMessage {
	if (typeof data !== 'object' || data === null) return false;
	const message = data as Partial<Record<string, unknown>>;
	if (typeof message.id !== 'string') return false;
	const hasTokens = typeof message.tokens === 'object' && message.tokens !== null;
	switch (message.kind) {
		case 'signed-out':
			return true;
		case 'tokens':
			return hasTokens;
		case 'who-has':
			return typeof message.request === 'string';
		case 'session':
			return typeof message.request === 'string' && hasTokens;
		default:
			return false;
	}
}
