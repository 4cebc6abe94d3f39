/**
 * Session custody of a worker: the live sessions (TokenVault), the sealed secrets of remembered
 * credentials, and the credentials table they belong to. It is also the token source of the REST clients.
 */
import { AppFailure, appError } from '../core/errors';
import type { Credential } from '../core/model';
import { DEMO_API_VERSION, isDemo } from '../demo';
import type { ConnectorDatabase } from '../store/db';
import { sessionHandlers, type HeldSecrets } from './kinds';
import { RememberedSecrets } from './remembered';
import type { FetchLike } from './server';
import { TokenVault, underRefreshLock, type TokenVaultOptions } from './sessions';
import type { TokenSet } from './tokens';

/** What the custody works with. */
export interface CustodyDeps extends Omit<TokenVaultOptions, 'onTokens'> {
	database: () => ConnectorDatabase;
	fetch: FetchLike;
	now?: () => number;
}

/** An access token, the instance it is for and the API version to use. */
export interface LiveSession {
	accessToken: string;
	instanceUrl: string;
	apiVersion: string;
}

/** Tokens and renewal secrets of this worker, its remembered credentials, and the sessions other tabs share. */
export class SessionCustody {
	/** The live sessions of this worker. */
	readonly vault: TokenVault;
	readonly #deps: CustodyDeps;
	readonly #remembered: RememberedSecrets;
	#restoring: Promise<string[]> = Promise.resolve([]);

	constructor(deps: CustodyDeps) {
		this.#deps = deps;
		this.#remembered = new RememberedSecrets(deps.database);
		this.vault = new TokenVault({
			...deps,
			onTokens: (id, tokens) => void this.#remembered.tokensChanged(id, tokens).catch(() => undefined)
		});
	}

	/** Restores remembered sessions (call once when the worker starts); resolves to the restored ids. */
	restore(): Promise<string[]> {
		this.#restoring = this.#restoreAll();
		return this.#restoring;
	}

	/** Keeps a credential's fresh tokens and renewal secrets; seals them when the credential is remembered. */
	async hold(credential: Credential, tokens: TokenSet, held: HeldSecrets): Promise<void> {
		this.vault.put(credential.id, tokens, this.#handlers(credential, held), held);
		if (credential.remember) await this.#remembered.seal(credential, tokens, held);
		else await this.#remembered.forget(credential.id);
	}

	/** Turns "Remember on this device" on (sealing the live session's secrets) or off (deleting them). */
	async setRemember(credential: Credential, remember: boolean): Promise<void> {
		if (!remember) return this.#remembered.forget(credential.id);
		const tokens = this.vault.tokens(credential.id);
		if (tokens) await this.#remembered.seal(credential, tokens, this.vault.held(credential.id));
	}

	/** The tokens of a credential: this worker's, another tab's, or null. */
	async tokens(id: string): Promise<TokenSet | null> {
		await this.#restoring;
		const own = this.vault.tokens(id);
		if (own) return own;
		const shared = await this.vault.askPeers(id);
		if (!shared) return null;
		const credential = await this.#deps.database().credentials.get(id);
		if (!credential) return null;
		if (!this.vault.has(id)) {
			this.vault.put(id, shared.tokens, this.#handlers(credential, shared.held), shared.held);
			if (shared.username) this.vault.setUsername(id, shared.username);
		}
		return this.vault.tokens(id);
	}

	/** The live session of a credential (the REST clients' token source); AUTH_SIGN_IN_AGAIN when none. */
	async session(id: string): Promise<LiveSession> {
		const tokens = await this.tokens(id);
		const credential = await this.#deps.database().credentials.get(id);
		if (!tokens || !credential) throw notSignedIn();
		return {
			accessToken: tokens.accessToken,
			instanceUrl: tokens.instanceUrl,
			apiVersion: credential.apiVersion ?? DEMO_API_VERSION
		};
	}

	/** A new access token after `stale` was refused (single flight across tabs). */
	refresh(id: string, stale: string): Promise<string> {
		return this.vault.refresh(id, stale);
	}

	/** Revokes the session at Salesforce and forgets it here, in other tabs and on this device. */
	async signOut(id: string) {
		await this.tokens(id);
		const revoked = await this.vault.signOut(id);
		await this.#remembered.forget(id);
		return revoked;
	}

	/** Whether sealed secrets of the credential are stored on this device. */
	isRemembered(id: string): Promise<boolean> {
		return this.#remembered.isRemembered(id);
	}

	#handlers(credential: Credential, held: HeldSecrets) {
		return sessionHandlers({ credential, fetch: this.#deps.fetch, held, now: this.#deps.now });
	}

	async #restoreAll(): Promise<string[]> {
		const remembered = (await this.#deps.database().credentials.toArray()).filter(
			(credential) => credential.remember && !isDemo(credential)
		);
		const restored: string[] = [];
		for (const credential of remembered) {
			// Under the credential's refresh lock: a worker starting at the same time waits, then gets this
			// session from the peers instead of renewing with the same (possibly rotated) refresh token.
			if (await underRefreshLock(this.#deps.locks, credential.id, () => this.#restoreOne(credential)))
				restored.push(credential.id);
		}
		return restored;
	}

	async #restoreOne(credential: Credential): Promise<boolean> {
		if (this.vault.has(credential.id)) return false;
		const shared = await this.vault.askPeers(credential.id);
		const session = shared ?? (await this.#renewFromSealed(credential));
		if (!session || this.vault.has(credential.id)) return false;
		await this.hold(credential, session.tokens, session.held);
		if (shared?.username) this.vault.setUsername(credential.id, shared.username);
		return true;
	}

	async #renewFromSealed(credential: Credential): Promise<{ tokens: TokenSet; held: HeldSecrets } | null> {
		const renewed = await this.#remembered.renew(credential, this.#deps.fetch, this.#deps.now);
		return renewed?.result.ok ? { tokens: renewed.result.value, held: renewed.held } : null;
	}
}

/** The failure when a credential has no live session. */
export function notSignedIn(): AppFailure {
	return new AppFailure(
		appError('AUTH_SIGN_IN_AGAIN', 'This credential is not signed in. Open Credentials and sign in.')
	);
}
