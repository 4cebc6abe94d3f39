/**
 * How each kind of credential renews and revokes its session, for the TokenVault: a refresh token is
 * exchanged again (rotation handled), JWT bearer and client credentials simply run their grant again.
 */
import { appError, type Result } from '../core/errors';
import type { Credential } from '../core/model';
import { refreshAccessToken, revokeToken, signInWithClientCredentials, signInWithJwt } from './grants';
import type { FetchLike } from './server';
import type { TokenSet } from './tokens';
import type { CredentialHandlers } from './vault';

/** Secrets a credential may need to renew itself (held in the worker's memory). */
export interface CredentialSecrets {
	clientSecret?: string | null;
	privateKey?: CryptoKey | null;
}

/** The vault handlers for a credential. A pasted access token is forgotten on sign-out, not revoked (it belongs to another tool). */
export function credentialHandlers(input: {
	credential: Pick<Credential, 'id' | 'kind' | 'clientId' | 'loginHost' | 'username'>;
	fetch: FetchLike;
	secrets?: CredentialSecrets;
	now?: () => number;
}): CredentialHandlers {
	const { credential, fetch, now } = input;
	const secrets = input.secrets ?? {};
	const grant = { credential, fetch, now };
	const renew = async (current: TokenSet): Promise<Result<TokenSet>> => {
		if (credential.kind === 'jwt') {
			if (!secrets.privateKey) return missing('the private key');
			return signInWithJwt({ ...grant, privateKey: secrets.privateKey, username: credential.username });
		}
		if (credential.kind === 'client_credentials') {
			if (!secrets.clientSecret) return missing('the client secret');
			return signInWithClientCredentials({ ...grant, clientSecret: secrets.clientSecret });
		}
		if (!current.refreshToken) return missing('a refresh token');
		return refreshAccessToken({
			...grant,
			refreshToken: current.refreshToken,
			clientSecret: secrets.clientSecret
		});
	};
	if (credential.kind === 'access_token' || credential.kind === 'demo') return {};
	return {
		renew,
		revoke: (current) => revokeToken({ ...grant, token: current.refreshToken ?? current.accessToken })
	};
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
