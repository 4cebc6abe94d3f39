/**
 * Revocation, user info, the identity URL, OpenID discovery and the org's public keys.
 */
import type { EmulatorContext, EmulatorSession, EmulatorUserIdentity } from '../types';
import {
	basicCredentials,
	bearerToken,
	findApp,
	identityUrl,
	jsonResponse,
	oauthError,
	readParams,
	requestOrigin,
	trimSlash
} from './http';
import { orgState, type OAuthOptions } from './state';

/** `POST /services/oauth2/revoke` (`token=`): 200, or 400 unsupported_token_type / invalid_token. */
export async function handleRevoke(request: Request, ctx: EmulatorContext): Promise<Response> {
	const params = await readParams(request);
	const token = params.get('token');
	if (!token) return oauthError('unsupported_token_type', 'this token type is not supported');
	if (!ctx.sessions.revoke(token)) return oauthError('invalid_token', 'invalid token');
	return new Response(null, { status: 200, headers: { 'Cache-Control': 'no-store' } });
}

/** `POST /services/oauth2/introspect` (`token=`, client credentials): whether a token is live, and whose. */
export async function handleIntrospect(request: Request, ctx: EmulatorContext): Promise<Response> {
	const params = await readParams(request);
	const basic = basicCredentials(request);
	const clientId = basic?.clientId ?? params.get('client_id');
	const secret = basic?.clientSecret ?? params.get('client_secret');
	const app = findApp(ctx, clientId);
	if (!app || (app.clientSecret !== undefined && app.clientSecret !== secret)) {
		return oauthError('invalid_client', 'invalid client credentials', 401);
	}
	const token = params.get('token') ?? '';
	const session = ctx.sessions.lookup(token);
	if (session) {
		const user = ctx.findUserById(session.userId);
		return jsonResponse({
			active: true,
			scope: session.scope,
			client_id: session.clientId,
			username: user?.username,
			sub: identityUrl(ctx, session.userId),
			token_type: 'access_token',
			exp: Math.floor(session.expiresAt / 1000),
			iat: Math.floor(session.issuedAt / 1000),
			nbf: Math.floor(session.issuedAt / 1000)
		});
	}
	const grant = ctx.sessions.lookupRefresh(token);
	if (grant) {
		return jsonResponse({
			active: true,
			scope: grant.scope,
			client_id: grant.clientId,
			sub: identityUrl(ctx, grant.userId),
			token_type: 'refresh_token'
		});
	}
	return jsonResponse({ active: false });
}

/** Salesforce's answer to an identity or userinfo call with a dead token. */
function badToken(): Response {
	return new Response('Bad_OAuth_Token', {
		status: 403,
		headers: { 'Content-Type': 'text/plain;charset=UTF-8' }
	});
}

function liveSession(request: Request, ctx: EmulatorContext): EmulatorSession | null {
	const token = bearerToken(request);
	return token ? ctx.sessions.lookup(token) : null;
}

/** `GET /services/oauth2/userinfo`: OpenID claims of the token's user. */
export function handleUserInfo(request: Request, ctx: EmulatorContext): Response {
	const session = liveSession(request, ctx);
	const user = session ? ctx.findUserById(session.userId) : null;
	if (!session || !user) return badToken();
	return jsonResponse({
		sub: identityUrl(ctx, user.id),
		user_id: user.id,
		organization_id: ctx.orgId,
		preferred_username: user.username,
		nickname: user.username.split('@')[0],
		name: user.name,
		email: user.email,
		email_verified: user.email !== null,
		given_name: user.firstName,
		family_name: user.lastName,
		zoneinfo: user.timeZone,
		locale: user.locale,
		language: user.locale,
		active: user.isActive,
		user_type: user.userType.toUpperCase(),
		urls: userUrls(ctx, user),
		is_app_installed: true
	});
}

/** `GET /id/{orgId}/{userId}`: the identity service answer. */
export function handleIdentity(
	request: Request,
	ctx: EmulatorContext,
	orgId: string,
	userId: string
): Response {
	const session = liveSession(request, ctx);
	if (!session) return badToken();
	const user = ctx.findUserById(userId);
	if (orgId !== ctx.orgId || !user)
		return new Response('Bad_Id', { status: 404, headers: { 'Content-Type': 'text/plain' } });
	return jsonResponse({
		id: identityUrl(ctx, user.id),
		asserted_user: session.userId === user.id,
		user_id: user.id,
		organization_id: ctx.orgId,
		username: user.username,
		nick_name: user.username.split('@')[0],
		display_name: user.name,
		email: user.email,
		email_verified: user.email !== null,
		first_name: user.firstName,
		last_name: user.lastName,
		timezone: user.timeZone,
		status: { created_date: null, body: null },
		urls: userUrls(ctx, user),
		active: user.isActive,
		user_type: user.userType.toUpperCase(),
		language: user.locale,
		locale: user.locale,
		is_app_installed: true
	});
}

function userUrls(ctx: EmulatorContext, user: EmulatorUserIdentity): Record<string, string> {
	const instance = trimSlash(ctx.instanceUrl);
	const data = `${instance}/services/data/v{version}`;
	return {
		rest: `${data}/`,
		sobjects: `${data}/sobjects/`,
		query: `${data}/query/`,
		search: `${data}/search/`,
		recent: `${data}/recent/`,
		limits: `${data}/limits/`,
		users: `${data}/chatter/users`,
		profile: `${instance}/${user.id}`,
		custom_domain: trimSlash(ctx.myDomainUrl)
	};
}

/** `GET /.well-known/openid-configuration` for the host the request reached. */
export function handleDiscovery(request: Request, options: OAuthOptions): Response {
	const issuer = requestOrigin(request);
	const metadata: Record<string, unknown> = {
		issuer,
		authorization_endpoint: `${issuer}/services/oauth2/authorize`,
		token_endpoint: `${issuer}/services/oauth2/token`,
		revocation_endpoint: `${issuer}/services/oauth2/revoke`,
		userinfo_endpoint: `${issuer}/services/oauth2/userinfo`,
		jwks_uri: `${issuer}/id/keys`,
		introspection_endpoint: `${issuer}/services/oauth2/introspect`,
		scopes_supported: [
			'id',
			'api',
			'web',
			'full',
			'chatter_api',
			'visualforce',
			'refresh_token',
			'openid',
			'profile',
			'email',
			'address',
			'phone',
			'offline_access',
			'custom_permissions',
			'wave_api',
			'eclair_api'
		],
		response_types_supported: ['code', 'token', 'token id_token'],
		subject_types_supported: ['public'],
		id_token_signing_alg_values_supported: ['RS256'],
		display_values_supported: ['page', 'popup', 'touch'],
		token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'private_key_jwt'],
		claims_supported: [
			'active',
			'address',
			'email',
			'email_verified',
			'family_name',
			'given_name',
			'is_app_installed',
			'language',
			'locale',
			'name',
			'nickname',
			'organization_id',
			'phone_number',
			'phone_number_verified',
			'photos',
			'picture',
			'preferred_username',
			'profile',
			'sub',
			'updated_at',
			'urls',
			'user_id',
			'user_type',
			'zoneinfo'
		]
	};
	if (options.codeChallengeMethods) metadata.code_challenge_methods_supported = options.codeChallengeMethods;
	if (options.sendIssuer) metadata.authorization_response_iss_parameter_supported = true;
	return jsonResponse(metadata, 200, { 'Cache-Control': 'max-age=3600' });
}

/** `GET /id/keys`: the public keys ID tokens are signed with, as a JWK set. */
export async function handleKeys(ctx: EmulatorContext): Promise<Response> {
	const { keyPair, kid } = await orgState(ctx).signingKey;
	const jwk = await crypto.subtle.exportKey('jwk', keyPair.publicKey);
	return jsonResponse({ keys: [{ kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS256', use: 'sig', kid }] });
}
