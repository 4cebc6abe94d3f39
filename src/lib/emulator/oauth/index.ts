/**
 * OAuth, identity and discovery endpoints of the emulated org (SALESFORCE.md §1–2). The token, revoke and
 * introspect endpoints carry CORS headers only on the My Domain host with "Enable CORS for OAuth
 * endpoints" ticked; discovery and `/id/keys` always; userinfo and identity follow the allowlist.
 */
import type { EmulatorContext, OAuthHandler } from '../types';
import { handleAuthorize } from './authorize';
import { isMyDomainRequest } from './http';
import {
	handleDiscovery,
	handleIdentity,
	handleIntrospect,
	handleKeys,
	handleRevoke,
	handleUserInfo
} from './identity';
import { DEFAULT_OAUTH_OPTIONS, type OAuthOptions } from './state';
import { handleToken } from './token';

export { DEFAULT_OAUTH_OPTIONS, type OAuthOptions } from './state';
export { escapeHtml } from './authorize';

const IDENTITY_PATH = /^\/id\/([A-Za-z0-9]{15,18})\/([A-Za-z0-9]{15,18})\/?$/;
const OAUTH_CORS_PATHS = new Set([
	'/services/oauth2/token',
	'/services/oauth2/revoke',
	'/services/oauth2/introspect'
]);

/** Builds the OAuth handler with behaviour that differs between orgs or is unconfirmed. */
export function createOAuthHandler(overrides: Partial<OAuthOptions> = {}): OAuthHandler {
	const options: OAuthOptions = { ...DEFAULT_OAUTH_OPTIONS, ...overrides };
	return async (request, ctx) => {
		const path = new URL(request.url).pathname;
		const kind = corsKind(path);
		if (!kind) return null;
		if (request.method === 'OPTIONS')
			return applyCors(request, ctx, path, kind, new Response(null, { status: 204 }));
		const response = await route(request, ctx, path, options);
		return response ? applyCors(request, ctx, path, kind, response) : null;
	};
}

/** OAuth, identity and discovery endpoints of the emulated org (/services/oauth2/*, /id/*, /.well-known/*). */
export const handleOAuth: OAuthHandler = createOAuthHandler();

type Kind = 'api' | 'oauth' | 'open' | 'none';

function corsKind(path: string): Kind | null {
	if (path === '/.well-known/openid-configuration' || path === '/id/keys') return 'open';
	if (OAUTH_CORS_PATHS.has(path)) return 'oauth';
	if (path === '/services/oauth2/authorize') return 'none';
	if (path === '/services/oauth2/userinfo' || IDENTITY_PATH.test(path)) return 'api';
	return null;
}

function applyCors(
	request: Request,
	ctx: EmulatorContext,
	path: string,
	kind: Kind,
	response: Response
): Response {
	if (kind === 'none') return response;
	if (kind === 'oauth' && !(ctx.oauthCors && isMyDomainRequest(request, ctx))) return response;
	return ctx.withCors(request, response, kind);
}

async function route(
	request: Request,
	ctx: EmulatorContext,
	path: string,
	options: OAuthOptions
): Promise<Response | null> {
	switch (path) {
		case '/services/oauth2/authorize':
			return handleAuthorize(request, ctx, options);
		case '/services/oauth2/token':
			return handleToken(request, ctx, options);
		case '/services/oauth2/revoke':
			return handleRevoke(request, ctx);
		case '/services/oauth2/introspect':
			return handleIntrospect(request, ctx);
		case '/services/oauth2/userinfo':
			return handleUserInfo(request, ctx);
		case '/.well-known/openid-configuration':
			return handleDiscovery(request, options);
		case '/id/keys':
			return handleKeys(ctx);
	}
	const identity = IDENTITY_PATH.exec(path);
	if (identity) return handleIdentity(request, ctx, identity[1], identity[2]);
	return null;
}
