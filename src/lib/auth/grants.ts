/**
 * The grants besides authorization code, on oauth4webapi: JWT bearer, client credentials, refresh token,
 * username-password (legacy), a pasted access token, and revocation. Each returns a Result.
 */
import * as oauth from 'oauth4webapi';
import { appError, type Result } from '../core/errors';
import type { Credential } from '../core/model';
import { signJwtAssertion } from './jwt-key';
import { appLoginUrl, isLoopbackUrl } from './login-host';
import { authError, discover, type FetchLike, type OrgServer } from './server';
import { tokenSetFrom, type TokenSet } from './tokens';

/** What every grant needs: which app at which host, and the transport. */
export interface GrantInput {
	credential: Pick<Credential, 'id' | 'clientId' | 'loginHost'>;
	fetch: FetchLike;
	now?: () => number;
}

/** Shown next to the username-password kind: Salesforce blocks it in new orgs and is retiring it. */
export const PASSWORD_FLOW_NOTE =
	'Legacy: Salesforce blocks the username-password flow in orgs created since Summer ’23 and is retiring it. ' +
	'Prefer authorization code + PKCE or JWT bearer.';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

async function withServer<T>(
	input: GrantInput,
	step: 'token' | 'revoke',
	run: (server: OrgServer, client: oauth.Client, loginUrl: string) => Promise<T>
): Promise<Result<T>> {
	const loginUrl = appLoginUrl(input.credential);
	if (!loginUrl.ok) return loginUrl;
	try {
		const server = await discover(loginUrl.value, input.fetch);
		return { ok: true, value: await run(server, { client_id: input.credential.clientId }, loginUrl.value) };
	} catch (thrown) {
		return { ok: false, error: authError(thrown, loginUrl.value, step) };
	}
}

function clientAuth(secret: string | null | undefined): oauth.ClientAuth {
	return secret ? oauth.ClientSecretPost(secret) : oauth.None();
}

/** JWT bearer: signs an assertion with the credential's private key (RS256) and exchanges it. */
export function signInWithJwt(
	input: GrantInput & { privateKey: CryptoKey; username: string }
): Promise<Result<TokenSet>> {
	const now = input.now ?? Date.now;
	return withServer(input, 'token', async (server, client) => {
		const assertion = await signJwtAssertion({
			privateKey: input.privateKey,
			clientId: client.client_id,
			username: input.username,
			audience: server.as.issuer,
			nowMs: now()
		});
		const response = await oauth.genericTokenEndpointRequest(
			server.as,
			client,
			oauth.None(),
			JWT_BEARER,
			new URLSearchParams({ assertion }),
			server.options
		);
		return tokenSetFrom(await oauth.processGenericTokenEndpointResponse(server.as, client, response), now());
	});
}

/** Client credentials: the app's own secret, running as its "Run As" user (My Domain only). */
export function signInWithClientCredentials(
	input: GrantInput & { clientSecret: string }
): Promise<Result<TokenSet>> {
	const now = input.now ?? Date.now;
	return withServer(input, 'token', async (server, client) => {
		const response = await oauth.clientCredentialsGrantRequest(
			server.as,
			client,
			oauth.ClientSecretPost(input.clientSecret),
			new URLSearchParams(),
			server.options
		);
		return tokenSetFrom(await oauth.processClientCredentialsResponse(server.as, client, response), now());
	});
}

/** Refresh token: a new access token; with rotation also a new refresh token, else the old one is kept. */
export function refreshAccessToken(
	input: GrantInput & { refreshToken: string; clientSecret?: string | null }
): Promise<Result<TokenSet>> {
	const now = input.now ?? Date.now;
	return withServer(input, 'token', async (server, client) => {
		const response = await oauth.refreshTokenGrantRequest(
			server.as,
			client,
			clientAuth(input.clientSecret),
			input.refreshToken,
			server.options
		);
		const result = await oauth.processRefreshTokenResponse(server.as, client, response);
		return tokenSetFrom(result, now(), input.refreshToken);
	});
}

/** Username-password (legacy, see PASSWORD_FLOW_NOTE): the password with the security token appended. */
export function signInWithPassword(
	input: GrantInput & {
		clientSecret?: string | null;
		username: string;
		password: string;
		securityToken?: string;
	}
): Promise<Result<TokenSet>> {
	const now = input.now ?? Date.now;
	return withServer(input, 'token', async (server, client) => {
		const parameters = new URLSearchParams({
			username: input.username,
			password: input.password + (input.securityToken ?? '')
		});
		const response = await oauth.genericTokenEndpointRequest(
			server.as,
			client,
			clientAuth(input.clientSecret),
			'password',
			parameters,
			server.options
		);
		return tokenSetFrom(await oauth.processGenericTokenEndpointResponse(server.as, client, response), now());
	});
}

/** A pasted access token (e.g. from `sf org display`): checked for shape, used as is. */
export function useAccessToken(input: {
	accessToken: string;
	instanceUrl: string;
	now?: () => number;
}): Result<TokenSet> {
	const accessToken = input.accessToken.trim();
	if (!/^00D[A-Za-z0-9]{12}!\S{20,}$/.test(accessToken)) {
		return {
			ok: false,
			error: appError('INVALID_INPUT', 'An access token looks like 00D…!… (org id, "!", then the session).', {
				field: 'accessToken'
			})
		};
	}
	let instanceUrl: URL;
	try {
		instanceUrl = new URL(input.instanceUrl.trim());
	} catch {
		return {
			ok: false,
			error: appError('INVALID_INPUT', 'Enter the instance URL, e.g. https://acme.my.salesforce.com.', {
				field: 'instanceUrl'
			})
		};
	}
	if (instanceUrl.protocol !== 'https:' && !isLoopbackUrl(instanceUrl.href)) {
		return {
			ok: false,
			error: appError('INVALID_INPUT', 'The instance URL must start with https://.', { field: 'instanceUrl' })
		};
	}
	return {
		ok: true,
		value: {
			accessToken,
			refreshToken: null,
			instanceUrl: instanceUrl.origin,
			issuedAt: (input.now ?? Date.now)(),
			identityUrl: null,
			orgId: null,
			userId: null,
			scope: null
		}
	};
}

/** Revokes a token at /services/oauth2/revoke; a refresh token takes its access tokens with it. */
export function revokeToken(input: GrantInput & { token: string }): Promise<Result<void>> {
	return withServer(input, 'revoke', async (server, client) => {
		const response = await oauth.revocationRequest(
			server.as,
			client,
			oauth.None(),
			input.token,
			server.options
		);
		await oauth.processRevocationResponse(response);
	});
}
