/**
 * Sign-in on the worker side. Tokens live only in this worker's memory (the TokenVault); the session
 * custody adds what the vault does not know: the secrets a credential renews with, "Remember on this
 * device" (refresh token, client secret or private key sealed with the device key in IndexedDB), and
 * sharing live sessions with the workers of other tabs. A worker that lacks a credential's tokens asks the
 * others over a BroadcastChannel ('who-has'); a worker holding them answers with a 'session' message, so
 * a sync in tab B works right after signing in in tab A. Same-origin workers only ever hear these.
 */
import {
	beginAuthorization,
	completeAuthorization,
	credentialHandlers,
	importPrivateKeyPem,
	refreshAccessToken,
	secretName,
	SecretBox,
	signInWithClientCredentials,
	signInWithJwt,
	signInWithPassword,
	testConnection,
	useAccessToken,
	type BroadcastChannelLike,
	type ConnectionReport,
	type CredentialSecrets,
	type FetchLike,
	type LockManagerLike,
	type PendingAuthorization,
	type PendingAuthStore,
	type TokenSet,
	type TokenVault,
	type UsedAuthorization
} from '../auth';
import { AppFailure, appError, type Result } from '../core/errors';
import type { Credential } from '../core/model';
import type { ConnectorDatabase } from '../store/db';
import { DEMO_API_VERSION, DEMO_CREDENTIAL_ID, type Session, type TokenSource } from './connections';
import { asResult } from './result';

/** Name of the channel the workers of all tabs share sessions over. */
export const SESSION_CHANNEL = 'salesforce-user-connector:sessions';
/** How long a worker waits for another tab to answer 'who-has'. */
export const PEER_WAIT_MS = 400;
/** Pending sign-ins older than this are dropped. */
const PENDING_LIFETIME_MS = 3_600_000;
const DEVICE_KEY_ID = 'device';

/** What the user types to sign in, per kind (nothing of it is stored unless "Remember" is on). */
export interface SignInSecrets {
	/** JWT bearer: PKCS#8 PEM private key. */
	privateKeyPem?: string;
	/** Client credentials, refresh token (optional), password (optional). */
	clientSecret?: string;
	/** Refresh token pasted. */
	refreshToken?: string;
	password?: string;
	securityToken?: string;
	/** Access token pasted, with its instance URL. */
	accessToken?: string;
	instanceUrl?: string;
}

/** What the page may know about a credential's session (never a token). */
export interface CredentialStatus {
	signedIn: boolean;
	instanceUrl: string | null;
	orgId: string | null;
	userId: string | null;
	issuedAt: number | null;
	username?: string;
	/** Whether sealed secrets of this credential are kept on this device. */
	remembered: boolean;
}

/** Secrets held in memory for renewing, plus their PEM when the key must be remembered or shared. */
interface HeldSecrets extends CredentialSecrets {
	privateKeyPem?: string | null;
}

/** A live session another tab's worker handed over. */
interface SharedSession {
	tokens: TokenSet;
	secrets: HeldSecrets;
	username?: string | null;
}

type PeerMessage =
	| { kind: 'who-has'; id: string; request: string }
	| {
			kind: 'session';
			id: string;
			request: string;
			tokens: TokenSet;
			secrets: HeldSecrets;
			username: string | null;
	  };

/** What the custody works with. */
export interface CustodyDeps {
	database: () => ConnectorDatabase;
	fetch: FetchLike;
	vault: TokenVault;
	/** Channel to the other tabs' workers; none means this worker is alone. */
	peers?: BroadcastChannelLike;
	peerWaitMs?: number;
	/** Web Locks, so that workers starting together restore a remembered session once. */
	locks?: LockManagerLike;
	now?: () => number;
}

const custodies = new WeakMap<TokenVault, SessionCustody>();

/** The custody of a vault: the one created for it, or a new one (without peers). */
export function custodyOf(deps: Omit<CustodyDeps, 'peers'>): SessionCustody {
	return custodies.get(deps.vault) ?? new SessionCustody(deps);
}

/** Tokens, renewal secrets and remembered sessions of this worker; also the TokenSource of its REST clients. */
export class SessionCustody implements TokenSource {
	readonly #deps: CustodyDeps;
	readonly #secrets = new Map<string, HeldSecrets>();
	readonly #usernames = new Map<string, string>();
	readonly #waiting = new Map<string, (session: SharedSession) => void>();
	#box: Promise<SecretBox> | null = null;
	#restoring: Promise<string[]> = Promise.resolve([]);

	constructor(deps: CustodyDeps) {
		this.#deps = deps;
		custodies.set(deps.vault, this);
		deps.peers?.addEventListener('message', (event) => void this.#receive(event.data));
	}

	/** Restores remembered sessions (call once when the worker starts); resolves to the restored ids. */
	restore(): Promise<string[]> {
		this.#restoring = this.#restoreAll();
		return this.#restoring;
	}

	/** Keeps a credential's fresh tokens and renewal secrets; seals them when the credential is remembered. */
	async hold(credential: Credential, tokens: TokenSet, secrets: HeldSecrets): Promise<void> {
		this.#secrets.set(credential.id, secrets);
		this.#deps.vault.put(credential.id, tokens, this.#handlers(credential, secrets));
		if (credential.remember) await this.#seal(credential, tokens, secrets);
		else await this.forgetSealed(credential.id);
	}

	/** Turns "Remember on this device" on (sealing the live session's secrets) or off (deleting them). */
	async setRemember(credential: Credential, remember: boolean): Promise<void> {
		const tokens = this.#deps.vault.tokens(credential.id);
		if (!remember || !tokens) {
			if (!remember) await this.forgetSealed(credential.id);
			return;
		}
		await this.#seal(credential, tokens, this.#secrets.get(credential.id) ?? {});
	}

	/** The tokens of a credential: this worker's, another tab's, or null. */
	async tokens(id: string): Promise<TokenSet | null> {
		await this.#restoring;
		const own = this.#deps.vault.tokens(id);
		if (own) return own;
		const shared = await this.#askPeers(id);
		if (!shared) return null;
		const credential = await this.#deps.database().credentials.get(id);
		if (!credential) return null;
		if (!this.#deps.vault.has(id)) {
			this.#secrets.set(id, shared.secrets);
			if (shared.username) this.#usernames.set(id, shared.username);
			this.#deps.vault.put(id, shared.tokens, this.#handlers(credential, shared.secrets));
		}
		return this.#deps.vault.tokens(id);
	}

	/** The live session of a credential (TokenSource); AUTH_SIGN_IN_AGAIN when none. */
	async session(id: string): Promise<Session> {
		const tokens = await this.tokens(id);
		const credential = await this.#deps.database().credentials.get(id);
		if (!tokens || !credential) throw notSignedIn();
		return {
			accessToken: tokens.accessToken,
			instanceUrl: tokens.instanceUrl,
			apiVersion: credential.apiVersion ?? DEMO_API_VERSION
		};
	}

	/** A new access token after `stale` was refused (TokenSource; single flight across tabs). */
	refresh(id: string, stale: string): Promise<string> {
		return this.#deps.vault.refresh(id, stale);
	}

	/** The username the identity call reported, when known. */
	username(id: string): string | undefined {
		return this.#usernames.get(id);
	}

	/** Notes the username of a signed-in credential. */
	setUsername(id: string, username: string): void {
		this.#usernames.set(id, username);
	}

	/** Re-seals a rotated refresh token of a remembered credential (the vault's onTokens hook). */
	async tokensChanged(id: string, tokens: TokenSet): Promise<void> {
		const credential = await this.#deps.database().credentials.get(id);
		if (credential?.remember && tokens.refreshToken) {
			const box = await this.#openBox();
			await box.seal(secretName(id, 'refreshToken'), tokens.refreshToken);
		}
	}

	/** Drops the secrets held in memory (the vault's onSignedOut hook). */
	dropSecrets(id: string): void {
		this.#secrets.delete(id);
		this.#usernames.delete(id);
	}

	/** Deletes the sealed secrets of a credential from this device. */
	async forgetSealed(id: string): Promise<void> {
		await this.#deps.database().secrets.where('credentialId').equals(id).delete();
	}

	/** Whether sealed secrets of the credential are stored. */
	async isRemembered(id: string): Promise<boolean> {
		return (await this.#deps.database().secrets.where('credentialId').equals(id).count()) > 0;
	}

	#handlers(credential: Credential, secrets: HeldSecrets) {
		return credentialHandlers({
			credential,
			fetch: this.#deps.fetch,
			secrets,
			now: this.#deps.now
		});
	}

	async #seal(credential: Credential, tokens: TokenSet, secrets: HeldSecrets): Promise<void> {
		const box = await this.#openBox();
		const id = credential.id;
		if (tokens.refreshToken) await box.seal(secretName(id, 'refreshToken'), tokens.refreshToken);
		if (secrets.clientSecret) await box.seal(secretName(id, 'clientSecret'), secrets.clientSecret);
		if (secrets.privateKeyPem) await box.seal(secretName(id, 'privateKey'), secrets.privateKeyPem);
	}

	#openBox(): Promise<SecretBox> {
		const db = this.#deps.database;
		this.#box ??= SecretBox.open({
			keyStore: {
				getKey: async () => (await db().keys.get(DEVICE_KEY_ID))?.key ?? null,
				putKey: async (key) => {
					await db().keys.put({ id: DEVICE_KEY_ID, key });
				}
			},
			secretStore: {
				get: async (name) => {
					const row = await db().secrets.get(name);
					return row ? { iv: new Uint8Array(row.iv), ciphertext: row.data } : null;
				},
				put: async (name, sealed) => {
					const credentialId = name.slice(0, name.lastIndexOf(':'));
					await db().secrets.put({ id: name, credentialId, iv: sealed.iv, data: sealed.ciphertext });
				},
				delete: async (name) => {
					await db().secrets.delete(name);
				}
			}
		});
		return this.#box;
	}

	async #restoreAll(): Promise<string[]> {
		const remembered = (await this.#deps.database().credentials.toArray()).filter(
			(credential) => credential.remember && credential.kind !== 'demo'
		);
		const restored: string[] = [];
		for (const credential of remembered) {
			// Under the credential's refresh lock: a worker starting at the same time waits, then gets this
			// session from the peers instead of renewing with the same (possibly rotated) refresh token.
			const run = () => this.#restoreOne(credential);
			const locks = this.#deps.locks;
			if (await (locks ? locks.request(`salesforce-refresh:${credential.id}`, run) : run()))
				restored.push(credential.id);
		}
		return restored;
	}

	async #restoreOne(credential: Credential): Promise<boolean> {
		if (this.#deps.vault.has(credential.id)) return false;
		const shared = await this.#askPeers(credential.id);
		const session = shared ?? (await this.#renewFromSealed(credential));
		if (!session || this.#deps.vault.has(credential.id)) return false;
		await this.hold(credential, session.tokens, session.secrets);
		if (shared?.username) this.#usernames.set(credential.id, shared.username);
		return true;
	}

	async #renewFromSealed(credential: Credential): Promise<{ tokens: TokenSet; secrets: HeldSecrets } | null> {
		const box = await this.#openBox();
		const id = credential.id;
		const clientSecret = await box.unseal(secretName(id, 'clientSecret'));
		const privateKeyPem = await box.unseal(secretName(id, 'privateKey'));
		const refreshToken = await box.unseal(secretName(id, 'refreshToken'));
		const grant = { credential, fetch: this.#deps.fetch, now: this.#deps.now };
		let result: Result<TokenSet> | null = null;
		let secrets: HeldSecrets = { clientSecret };
		if (credential.kind === 'jwt' && privateKeyPem) {
			const privateKey = await importPrivateKeyPem(privateKeyPem);
			secrets = { privateKey, privateKeyPem };
			result = await signInWithJwt({ ...grant, privateKey, username: credential.username });
		} else if (credential.kind === 'client_credentials' && clientSecret) {
			result = await signInWithClientCredentials({ ...grant, clientSecret });
		} else if (refreshToken) {
			result = await refreshAccessToken({ ...grant, refreshToken, clientSecret });
		}
		return result?.ok ? { tokens: result.value, secrets } : null;
	}

	#askPeers(id: string): Promise<SharedSession | null> {
		const peers = this.#deps.peers;
		if (!peers) return Promise.resolve(null);
		const request = crypto.randomUUID();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.#waiting.delete(request);
				resolve(null);
			}, this.#deps.peerWaitMs ?? PEER_WAIT_MS);
			this.#waiting.set(request, (session) => {
				clearTimeout(timer);
				this.#waiting.delete(request);
				resolve(session);
			});
			peers.postMessage({ kind: 'who-has', id, request } satisfies PeerMessage);
		});
	}

	#receive(data: unknown): void {
		if (!isPeerMessage(data)) return;
		if (data.kind === 'session') {
			this.#waiting.get(data.request)?.({
				tokens: data.tokens,
				secrets: data.secrets,
				username: data.username
			});
			return;
		}
		const tokens = this.#deps.vault.tokens(data.id);
		if (!tokens) return;
		const secrets = this.#secrets.get(data.id) ?? {};
		this.#deps.peers?.postMessage({
			kind: 'session',
			id: data.id,
			request: data.request,
			tokens,
			secrets,
			username: this.#usernames.get(data.id) ?? null
		} satisfies PeerMessage);
	}
}

function isPeerMessage(data: unknown): data is PeerMessage {
	if (typeof data !== 'object' || data === null) return false;
	const message = data as Partial<Record<string, unknown>>;
	if (typeof message.id !== 'string' || typeof message.request !== 'string') return false;
	return message.kind === 'who-has' || (message.kind === 'session' && typeof message.tokens === 'object');
}

function notSignedIn(): AppFailure {
	return new AppFailure(
		appError('AUTH_SIGN_IN_AGAIN', 'This credential is not signed in. Open Credentials and sign in.')
	);
}

/** A PendingAuthStore over the pendingAuth table: the entry is taken out (deleted) when the callback reads it. */
export function databasePendingStore(
	database: () => ConnectorDatabase,
	now: () => number = Date.now
): PendingAuthStore {
	return {
		async put(state, data) {
			await database().pendingAuth.put({ state, createdAt: now(), data });
		},
		take(state) {
			const db = database();
			return db.transaction('rw', db.pendingAuth, async () => {
				const row = await db.pendingAuth.get(state);
				await db.pendingAuth.delete(state);
				return (row?.data as PendingAuthorization | UsedAuthorization | undefined) ?? null;
			});
		}
	};
}

/** What the sign-in API needs (a subset of the worker's dependencies). */
export interface AuthDeps {
	database: () => ConnectorDatabase;
	fetch: FetchLike;
	vault: TokenVault;
	now?: () => number;
}

/** The sign-in surface of the worker: every method returns a Result and none returns a token. */
export function createAuthApi(deps: AuthDeps) {
	const custody = custodyOf(deps);
	const now = deps.now ?? Date.now;
	const pending = databasePendingStore(deps.database, now);
	const appOrigin = () => (typeof location === 'undefined' ? undefined : location.origin);

	async function credentialFor(id: string): Promise<Credential> {
		const credential = await deps.database().credentials.get(id);
		if (!credential) throw new AppFailure(appError('AUTH_CONFIG', 'This credential no longer exists.'));
		if (credential.kind === 'demo' || id === DEMO_CREDENTIAL_ID)
			throw new AppFailure(appError('AUTH_CONFIG', 'The demo org needs no sign-in.'));
		return credential;
	}

	async function finishSignIn(credential: Credential, tokens: TokenSet, secrets: HeldSecrets) {
		await custody.hold(credential, tokens, secrets);
		await recordMetadata(credential, tokens);
		return statusOf(credential.id);
	}

	/** Writes org id, instance URL, user id and the API version (default the newest the org lists). */
	async function recordMetadata(credential: Credential, tokens: TokenSet): Promise<void> {
		const identity = await readJson(`${tokens.instanceUrl}/services/oauth2/userinfo`, tokens.accessToken);
		const versions = await readJson(`${tokens.instanceUrl}/services/data/`, null);
		const info = (identity ?? {}) as {
			organization_id?: unknown;
			user_id?: unknown;
			preferred_username?: unknown;
		};
		if (typeof info.preferred_username === 'string')
			custody.setUsername(credential.id, info.preferred_username);
		const newest = Array.isArray(versions)
			? versions
					.map((entry: { version?: unknown }) => entry.version)
					.filter((version): version is string => typeof version === 'string')
					.sort((a, b) => Number(a) - Number(b))
					.at(-1)
			: undefined;
		await deps.database().credentials.update(credential.id, {
			instanceUrl: tokens.instanceUrl,
			orgId: tokens.orgId ?? (typeof info.organization_id === 'string' ? info.organization_id : null),
			userId: tokens.userId ?? (typeof info.user_id === 'string' ? info.user_id : null),
			apiVersion: credential.apiVersion ?? newest ?? null,
			updatedAt: now()
		});
	}

	async function readJson(url: string, accessToken: string | null): Promise<unknown> {
		try {
			const headers: Record<string, string> = { Accept: 'application/json' };
			if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
			const response = await deps.fetch(new Request(url, { headers }));
			return response.ok ? await response.json() : null;
		} catch {
			return null;
		}
	}

	async function statusOf(id: string): Promise<CredentialStatus> {
		const tokens = await custody.tokens(id);
		const credential = await deps.database().credentials.get(id);
		const username = custody.username(id);
		return {
			signedIn: tokens !== null,
			instanceUrl: tokens?.instanceUrl ?? credential?.instanceUrl ?? null,
			orgId: tokens?.orgId ?? credential?.orgId ?? null,
			userId: tokens?.userId ?? credential?.userId ?? null,
			issuedAt: tokens?.issuedAt ?? null,
			...(username ? { username } : {}),
			remembered: await custody.isRemembered(id)
		};
	}

	async function grant(credential: Credential, secrets: SignInSecrets) {
		const input = { credential, fetch: deps.fetch, now };
		switch (credential.kind) {
			case 'jwt': {
				const privateKeyPem = secrets.privateKeyPem ?? '';
				const privateKey = await importPrivateKeyPem(privateKeyPem);
				const result = await signInWithJwt({ ...input, privateKey, username: credential.username });
				return { result, held: { privateKey, privateKeyPem: credential.remember ? privateKeyPem : null } };
			}
			case 'client_credentials': {
				const clientSecret = required(secrets.clientSecret, 'clientSecret', 'Enter the consumer secret.');
				return {
					result: await signInWithClientCredentials({ ...input, clientSecret }),
					held: { clientSecret }
				};
			}
			case 'refresh_token': {
				const refreshToken = required(secrets.refreshToken, 'refreshToken', 'Paste the refresh token.');
				const clientSecret = secrets.clientSecret || null;
				const result = await refreshAccessToken({ ...input, refreshToken, clientSecret });
				return { result, held: { clientSecret } };
			}
			case 'password': {
				const password = required(secrets.password, 'password', 'Enter the password.');
				const clientSecret = secrets.clientSecret || null;
				const result = await signInWithPassword({
					...input,
					clientSecret,
					username: credential.username,
					password,
					securityToken: secrets.securityToken
				});
				return { result, held: { clientSecret } };
			}
			case 'access_token':
				return {
					result: useAccessToken({
						accessToken: secrets.accessToken ?? '',
						instanceUrl: secrets.instanceUrl ?? credential.instanceUrl ?? '',
						now
					}),
					held: {}
				};
			default:
				throw new AppFailure(
					appError('AUTH_CONFIG', 'This kind signs in through Salesforce’s login page: use “Sign in”.')
				);
		}
	}

	return {
		/** Starts an authorization-code + PKCE sign-in: the Salesforce login URL to send the browser to. */
		beginSignIn: (credentialId: string, redirectUri: string) =>
			asResult(async () => {
				const credential = await credentialFor(credentialId);
				await deps
					.database()
					.pendingAuth.where('createdAt')
					.below(now() - PENDING_LIFETIME_MS)
					.delete();
				const begun = await beginAuthorization({
					credential,
					redirectUri,
					store: pending,
					fetch: deps.fetch,
					now
				});
				if (!begun.ok) throw new AppFailure(begun.error);
				return { url: begun.value.url };
			}),
		/** Finishes a PKCE sign-in from the callback URL; the verifier is gone afterwards. */
		completeSignIn: (callbackUrl: string) =>
			asResult(async () => {
				const completed = await completeAuthorization({
					callbackUrl,
					store: pending,
					fetch: deps.fetch,
					now
				});
				if (!completed.ok) throw new AppFailure(completed.error);
				const credential = await credentialFor(completed.value.credentialId);
				await finishSignIn(credential, completed.value.tokens, {});
				return { credentialId: credential.id };
			}),
		/** Signs in with what the user typed (JWT key, client secret, refresh token, password or access token). */
		signIn: (credentialId: string, secrets: SignInSecrets) =>
			asResult(async () => {
				const credential = await credentialFor(credentialId);
				const { result, held } = await grant(credential, secrets);
				if (!result.ok) throw new AppFailure(result.error);
				return finishSignIn(credential, result.value, held);
			}),
		/** Revokes the session at Salesforce and forgets it here, in other tabs and on this device. */
		signOut: (credentialId: string) =>
			asResult(async () => {
				await custody.tokens(credentialId);
				const revoked = await deps.vault.signOut(credentialId);
				custody.dropSecrets(credentialId);
				await custody.forgetSealed(credentialId);
				if (!revoked.ok) throw new AppFailure(revoked.error);
			}),
		/** Saves "Remember on this device": on seals the live session's secrets, off deletes them. */
		setRemember: (credentialId: string, remember: boolean) =>
			asResult(async () => {
				const credential = await credentialFor(credentialId);
				await deps.database().credentials.update(credentialId, { remember, updatedAt: now() });
				await custody.setRemember({ ...credential, remember }, remember);
				return statusOf(credentialId);
			}),
		/** Whether the credential is signed in, where and as whom (never a token). */
		credentialStatus: (credentialId: string) => asResult(() => statusOf(credentialId)),
		/** "Run test": identity, versions, limits and describe User with the credential's session. */
		testConnection: (credentialId: string): Promise<Result<ConnectionReport>> =>
			asResult(async () => {
				const credential = await credentialFor(credentialId);
				const run = async () => {
					const tokens = await custody.tokens(credentialId);
					if (!tokens) throw notSignedIn();
					const report = await testConnection({
						fetch: deps.fetch,
						instanceUrl: tokens.instanceUrl,
						accessToken: tokens.accessToken,
						apiVersion: credential.apiVersion,
						appOrigin: appOrigin()
					});
					return { report, tokens };
				};
				const first = await run();
				const expired = first.report.steps.some((step) => step.error?.code === 'SF_INVALID_SESSION');
				if (!expired) return first.report;
				try {
					await deps.vault.refresh(credentialId, first.tokens.accessToken);
				} catch {
					return first.report;
				}
				return (await run()).report;
			})
	};
}

function required(value: string | undefined, field: string, message: string): string {
	const text = value?.trim();
	if (!text) throw new AppFailure(appError('INVALID_INPUT', message, { field }));
	return text;
}
