/**
 * `/services/oauth2/token`: the five grants with Salesforce's response and error shapes (SALESFORCE.md §2).
 * The response has no `expires_in`; `issued_at` is epoch milliseconds as a string.
 */
import type { ConnectedApp, EmulatorContext, EmulatorUserIdentity } from '../types';
import {
	allowsRefresh,
	basicCredentials,
	findApp,
	identityUrl,
	isMyDomainRequest,
	jsonResponse,
	oauthError,
	readParams,
	requestOrigin,
	trimSlash
} from './http';
import { base64UrlEncode, decodeJwt, importVerificationKey, sha256, signRs256, verifyRs256 } from './jose';
import { orgState, takeCode, type OAuthOptions } from './state';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const MAX_ASSERTION_LIFETIME_S = 180;
const ID_TOKEN_LIFETIME_S = 300;

/** What one successful grant hands out. */
interface Grant {
	app: ConnectedApp;
	user: EmulatorUserIdentity;
	scope: string;
	refresh: 'none' | 'new' | { reuse: string };
	nonce?: string | null;
}

/** Answers a token request for any supported grant type. */
export async function handleToken(
	request: Request,
	ctx: EmulatorContext,
	options: OAuthOptions
): Promise<Response> {
	if (request.method !== 'POST') return oauthError('invalid_request', 'must use HTTP POST');
	const params = await readParams(request);
	const basic = basicCredentials(request);
	if (basic) {
		params.set('client_id', basic.clientId);
		params.set('client_secret', basic.clientSecret);
	}
	const grantType = params.get('grant_type');
	const outcome =
		grantType === 'authorization_code'
			? await authorizationCodeGrant(params, ctx, options)
			: grantType === 'refresh_token'
				? refreshTokenGrant(params, ctx)
				: grantType === JWT_BEARER
					? await jwtBearerGrant(params, ctx, request)
					: grantType === 'client_credentials'
						? clientCredentialsGrant(params, ctx, request)
						: grantType === 'password'
							? passwordGrant(params, ctx)
							: oauthError('unsupported_grant_type', 'grant type not supported');
	if (outcome instanceof Response) return outcome;
	return tokenResponse(outcome, ctx, request);
}

async function authorizationCodeGrant(
	params: URLSearchParams,
	ctx: EmulatorContext,
	options: OAuthOptions
): Promise<Grant | Response> {
	const app = findApp(ctx, params.get('client_id'));
	if (!app) return oauthError('invalid_client_id', 'client identifier invalid');
	const pending = takeCode(ctx, params.get('code') ?? '');
	if (!pending || pending.clientId !== app.clientId)
		return oauthError('invalid_grant', 'invalid authorization code');
	if (pending.redirectUri !== params.get('redirect_uri')) {
		return oauthError('invalid_grant', 'redirect_uri must match configuration');
	}
	const verifier = params.get('code_verifier');
	if (pending.codeChallenge) {
		if (!verifier) return oauthError('invalid_grant', 'invalid code verifier');
		const challenge = base64UrlEncode(await sha256(verifier));
		if (verifier.length < 43 || verifier.length > 128 || challenge !== pending.codeChallenge) {
			return oauthError(options.wrongVerifierError, 'invalid code verifier');
		}
	}
	const secretProblem = checkSecret(app, params.get('client_secret'), !pending.codeChallenge);
	if (secretProblem) return secretProblem;
	const user = ctx.findUserById(pending.userId);
	if (!user || !user.isActive) return oauthError('invalid_grant', 'inactive user');
	return {
		app,
		user,
		scope: pending.scope,
		refresh: allowsRefresh(pending.scope) ? 'new' : 'none',
		nonce: pending.nonce
	};
}

function refreshTokenGrant(params: URLSearchParams, ctx: EmulatorContext): Grant | Response {
	const expired = oauthError('invalid_grant', 'expired access/refresh token');
	const app = findApp(ctx, params.get('client_id'));
	if (!app) return oauthError('invalid_client_id', 'client identifier invalid');
	const secretProblem = checkSecret(app, params.get('client_secret'), false);
	if (secretProblem) return secretProblem;
	const oldToken = params.get('refresh_token') ?? '';
	const grant = ctx.sessions.lookupRefresh(oldToken);
	if (!grant || grant.clientId !== app.clientId) return expired;
	const user = ctx.findUserById(grant.userId);
	if (!user || !user.isActive) return expired;
	if (!app.rotateRefreshTokens) return { app, user, scope: grant.scope, refresh: { reuse: oldToken } };
	ctx.sessions.revoke(oldToken);
	return { app, user, scope: grant.scope, refresh: 'new' };
}

async function jwtBearerGrant(
	params: URLSearchParams,
	ctx: EmulatorContext,
	request: Request
): Promise<Grant | Response> {
	const invalid = (description: string) => oauthError('invalid_grant', description);
	const jwt = decodeJwt(params.get('assertion') ?? '');
	if (!jwt || jwt.header.alg !== 'RS256') return invalid('invalid assertion');
	const { iss, sub, aud, exp } = jwt.claims;
	const app = findApp(ctx, typeof iss === 'string' ? iss : null);
	if (!app) return oauthError('invalid_client_id', 'client identifier invalid');
	if (!app.certificatePem) return invalid('invalid assertion');
	let verified = false;
	try {
		verified = await verifyRs256(jwt, await importVerificationKey(app.certificatePem));
	} catch {
		verified = false;
	}
	if (!verified) return invalid('invalid assertion');
	const audiences = Array.isArray(aud) ? aud : [aud];
	const accepted = loginAudiences(ctx, request);
	if (!audiences.some((value) => typeof value === 'string' && accepted.has(trimSlash(value)))) {
		return invalid('audience is invalid');
	}
	const nowSeconds = Math.floor(ctx.now() / 1000);
	if (typeof exp !== 'number' || exp <= nowSeconds) return invalid('expired authorization code');
	if (exp > nowSeconds + MAX_ASSERTION_LIFETIME_S) return invalid('invalid assertion');
	const user = typeof sub === 'string' ? ctx.findUserByUsername(sub) : null;
	if (!user || !user.isActive) return invalid('user hasn’t approved this consumer');
	return {
		app,
		user,
		scope: app.scopes.filter((scope) => scope !== 'refresh_token').join(' '),
		refresh: 'none'
	};
}

function loginAudiences(ctx: EmulatorContext, request: Request): Set<string> {
	return new Set([
		'https://login.salesforce.com',
		'https://test.salesforce.com',
		trimSlash(ctx.myDomainUrl),
		trimSlash(ctx.instanceUrl),
		requestOrigin(request)
	]);
}

function clientCredentialsGrant(
	params: URLSearchParams,
	ctx: EmulatorContext,
	request: Request
): Grant | Response {
	if (!isMyDomainRequest(request, ctx))
		return oauthError('invalid_grant', 'request not supported on this domain');
	const app = findApp(ctx, params.get('client_id'));
	if (!app || !app.clientSecret || params.get('client_secret') !== app.clientSecret) {
		return oauthError('invalid_client', 'invalid client credentials');
	}
	const user = app.runAsUsername ? ctx.findUserByUsername(app.runAsUsername) : null;
	if (!user || !user.isActive) return oauthError('invalid_grant', 'no client credentials user enabled');
	return {
		app,
		user,
		scope: app.scopes.filter((scope) => scope !== 'refresh_token').join(' '),
		refresh: 'none'
	};
}

function passwordGrant(params: URLSearchParams, ctx: EmulatorContext): Grant | Response {
	const failure = oauthError('invalid_grant', 'authentication failure');
	const app = findApp(ctx, params.get('client_id'));
	if (!app) return oauthError('invalid_client_id', 'client identifier invalid');
	if (!ctx.allowPasswordFlow) return failure;
	const secretProblem = checkSecret(app, params.get('client_secret'), true);
	if (secretProblem) return secretProblem;
	const user = ctx.findUserByUsername(params.get('username') ?? '');
	if (!user || !user.isActive || params.get('password') !== ctx.userPassword + ctx.securityToken)
		return failure;
	const scope = app.scopes.filter((name) => name !== 'refresh_token').join(' ');
	return { app, user, scope, refresh: 'none' };
}

/** A confidential app needs its secret when `required`; a wrong secret always fails. */
function checkSecret(app: ConnectedApp, secret: string | null, required: boolean): Response | null {
	if (secret !== null && app.clientSecret !== undefined && secret !== app.clientSecret) {
		return oauthError('invalid_client', 'invalid client credentials');
	}
	if (required && app.clientSecret !== undefined && secret === null) {
		return oauthError('invalid_client', 'invalid client credentials');
	}
	return null;
}

async function tokenResponse(grant: Grant, ctx: EmulatorContext, request: Request): Promise<Response> {
	const base = { userId: grant.user.id, clientId: grant.app.clientId, scope: grant.scope };
	const refreshToken =
		grant.refresh === 'none'
			? null
			: grant.refresh === 'new'
				? ctx.sessions.issueRefresh(base).refreshToken
				: grant.refresh.reuse;
	const session = ctx.sessions.issue({ ...base, refreshToken });
	const id = identityUrl(ctx, grant.user.id);
	const issuedAt = String(session.issuedAt);
	const body: Record<string, string> = { access_token: session.accessToken };
	if (refreshToken && grant.refresh === 'new') body.refresh_token = refreshToken;
	body.signature = await signature(id + issuedAt, grant.app.clientSecret ?? grant.app.clientId);
	body.scope = grant.scope;
	if (grant.scope.split(' ').includes('openid')) {
		body.id_token = await idToken(ctx, request, grant, id, session.accessToken);
	}
	Object.assign(body, {
		instance_url: trimSlash(ctx.instanceUrl),
		id,
		token_type: 'Bearer',
		issued_at: issuedAt
	});
	return jsonResponse(body);
}

async function signature(text: string, secret: string): Promise<string> {
	const encoder = new TextEncoder();
	const key = await crypto.subtle.importKey(
		'raw',
		encoder.encode(secret),
		{ name: 'HMAC', hash: 'SHA-256' },
		false,
		['sign']
	);
	const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
	let binary = '';
	for (const byte of mac) binary += String.fromCharCode(byte);
	return btoa(binary);
}

async function idToken(
	ctx: EmulatorContext,
	request: Request,
	grant: Grant,
	id: string,
	accessToken: string
): Promise<string> {
	const { keyPair, kid } = await orgState(ctx).signingKey;
	const now = Math.floor(ctx.now() / 1000);
	const hash = await sha256(accessToken);
	const claims: Record<string, unknown> = {
		iss: requestOrigin(request),
		sub: id,
		aud: grant.app.clientId,
		exp: now + ID_TOKEN_LIFETIME_S,
		iat: now,
		at_hash: base64UrlEncode(hash.slice(0, hash.length / 2)),
		preferred_username: grant.user.username,
		name: grant.user.name
	};
	if (grant.nonce) claims.nonce = grant.nonce;
	return signRs256(claims, keyPair.privateKey, kid);
}
