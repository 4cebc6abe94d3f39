/**
 * One table of credential kinds: how each signs in with what the user typed, renews its session, is
 * revoked at sign-out, and which of its secrets "Remember on this device" seals and restores from.
 */
import { AppFailure, appError, type Result } from '../core/errors';
import type { Credential } from '../core/model';
import {
	refreshAccessToken,
	revokeToken,
	signInWithClientCredentials,
	signInWithJwt,
	signInWithPassword,
	useAccessToken,
	type GrantInput
} from './grants';
import { importPrivateKeyPem } from './jwt-key';
import type { FetchLike } from './server';
import type { TokenSet } from './tokens';

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

/** Secrets held in the worker's memory to renew a session, with the PEM when the key may be sealed or shared. */
export interface HeldSecrets {
	clientSecret?: string | null;
	privateKey?: CryptoKey | null;
	privateKeyPem?: string | null;
}

/** The secrets "Remember on this device" may seal for a credential. */
export type RememberedSecret = 'refreshToken' | 'clientSecret' | 'privateKey';

/** Sealed secrets read back on this device (null where none was sealed). */
export type UnsealedSecrets = Record<RememberedSecret, string | null>;

/** The credential fields a grant of any kind reads. */
export type KindCredential = Pick<Credential, 'id' | 'kind' | 'clientId' | 'loginHost' | 'username'> &
	Partial<Pick<Credential, 'instanceUrl' | 'remember'>>;

/** A grant's answer and the secrets to hold for renewing it. */
export interface SignedIn {
	result: Result<TokenSet>;
	held: HeldSecrets;
}

/** How one kind of credential signs in, renews, revokes and is remembered. */
export interface CredentialKind {
	/** Signs in with what the user typed; absent for kinds that sign in through Salesforce's login page. */
	signIn?(grant: KindGrant, typed: SignInSecrets): Promise<SignedIn>;
	/** Fresh tokens from the held secrets; absent when the session cannot be renewed. */
	renew?(grant: KindGrant, current: TokenSet, held: HeldSecrets): Promise<Result<TokenSet>>;
	/** Whether sign-out revokes the token at Salesforce (a pasted access token belongs to another tool). */
	revokes: boolean;
	/** What "Remember on this device" seals, when present. */
	sealed: readonly RememberedSecret[];
	/** A new session from the sealed secrets; null when they do not suffice. */
	restore?(grant: KindGrant, sealed: UnsealedSecrets): Promise<SignedIn | null>;
}

/** A grant's input with the whole credential. */
export type KindGrant = GrantInput & { credential: KindCredential };

function required(value: string | undefined, field: string, message: string): string {
	const text = value?.trim();
	if (!text) throw new AppFailure(appError('INVALID_INPUT', message, { field }));
	return text;
}

function missing(what: string): Result<never> {
	return {
		ok: false,
		error: appError(
			'AUTH_SIGN_IN_AGAIN',
			`The session ended and ${what} is not available here. Sign in again.`
		)
	};
}

async function jwtWith(grant: KindGrant, privateKeyPem: string, keepPem: boolean): Promise<SignedIn> {
	const privateKey = await importPrivateKeyPem(privateKeyPem);
	const result = await signInWithJwt({ ...grant, privateKey, username: grant.credential.username });
	return { result, held: { privateKey, privateKeyPem: keepPem ? privateKeyPem : null } };
}

async function clientCredentialsWith(grant: KindGrant, clientSecret: string): Promise<SignedIn> {
	return { result: await signInWithClientCredentials({ ...grant, clientSecret }), held: { clientSecret } };
}

/** Renews with the current refresh token (rotation handled by the grant). */
function renewByRefresh(grant: KindGrant, current: TokenSet, held: HeldSecrets): Promise<Result<TokenSet>> {
	if (!current.refreshToken) return Promise.resolve(missing('a refresh token'));
	return refreshAccessToken({
		...grant,
		refreshToken: current.refreshToken,
		clientSecret: held.clientSecret
	});
}

/** Restores with a sealed refresh token. */
async function restoreByRefresh(grant: KindGrant, sealed: UnsealedSecrets): Promise<SignedIn | null> {
	if (!sealed.refreshToken) return null;
	const clientSecret = sealed.clientSecret;
	const result = await refreshAccessToken({ ...grant, refreshToken: sealed.refreshToken, clientSecret });
	return { result, held: { clientSecret } };
}

const BY_REFRESH = {
	renew: renewByRefresh,
	revokes: true,
	sealed: ['refreshToken', 'clientSecret'],
	restore: restoreByRefresh
} as const satisfies CredentialKind;

/** Every kind of credential. */
export const CREDENTIAL_KINDS: Record<Credential['kind'], CredentialKind> = {
	pkce: BY_REFRESH,
	jwt: {
		signIn: async (grant, typed) =>
			jwtWith(grant, typed.privateKeyPem ?? '', grant.credential.remember === true),
		renew: (grant, _current, held) =>
			held.privateKey
				? signInWithJwt({ ...grant, privateKey: held.privateKey, username: grant.credential.username })
				: Promise.resolve(missing('the private key')),
		revokes: true,
		sealed: ['privateKey', 'refreshToken'],
		restore: async (grant, sealed) =>
			sealed.privateKey ? jwtWith(grant, sealed.privateKey, true) : restoreByRefresh(grant, sealed)
	},
	client_credentials: {
		signIn: async (grant, typed) =>
			clientCredentialsWith(
				grant,
				required(typed.clientSecret, 'clientSecret', 'Enter the consumer secret.')
			),
		renew: (grant, _current, held) =>
			held.clientSecret
				? signInWithClientCredentials({ ...grant, clientSecret: held.clientSecret })
				: Promise.resolve(missing('the client secret')),
		revokes: true,
		sealed: ['clientSecret', 'refreshToken'],
		restore: async (grant, sealed) =>
			sealed.clientSecret
				? clientCredentialsWith(grant, sealed.clientSecret)
				: restoreByRefresh(grant, sealed)
	},
	refresh_token: {
		...BY_REFRESH,
		signIn: async (grant, typed) => {
			const refreshToken = required(typed.refreshToken, 'refreshToken', 'Paste the refresh token.');
			const clientSecret = typed.clientSecret || null;
			return {
				result: await refreshAccessToken({ ...grant, refreshToken, clientSecret }),
				held: { clientSecret }
			};
		}
	},
	password: {
		...BY_REFRESH,
		signIn: async (grant, typed) => {
			const password = required(typed.password, 'password', 'Enter the password.');
			const clientSecret = typed.clientSecret || null;
			const result = await signInWithPassword({
				...grant,
				clientSecret,
				username: grant.credential.username,
				password,
				securityToken: typed.securityToken
			});
			return { result, held: { clientSecret } };
		}
	},
	access_token: {
		signIn: async (grant, typed) => ({
			result: useAccessToken({
				accessToken: typed.accessToken ?? '',
				instanceUrl: typed.instanceUrl ?? grant.credential.instanceUrl ?? '',
				now: grant.now
			}),
			held: {}
		}),
		revokes: false,
		sealed: []
	},
	demo: { revokes: false, sealed: [] }
};

/** How the session store renews and revokes one credential's tokens. */
export interface SessionHandlers {
	renew?(current: TokenSet): Promise<Result<TokenSet>>;
	revoke?(current: TokenSet): Promise<Result<void>>;
}

/** The renew and revoke handlers of a credential, from its kind and the secrets held for it. */
export function sessionHandlers(input: {
	credential: KindCredential;
	fetch: FetchLike;
	held?: HeldSecrets;
	now?: () => number;
}): SessionHandlers {
	const { credential, fetch, now } = input;
	const kind = CREDENTIAL_KINDS[credential.kind];
	const grant: KindGrant = { credential, fetch, now };
	const held = input.held ?? {};
	const renew = kind.renew;
	return {
		...(renew ? { renew: (current: TokenSet) => renew(grant, current, held) } : {}),
		...(kind.revokes
			? {
					revoke: (current: TokenSet) =>
						revokeToken({ ...grant, token: current.refreshToken ?? current.accessToken })
				}
			: {})
	};
}
