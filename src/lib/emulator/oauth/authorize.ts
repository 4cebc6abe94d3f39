/**
 * `/services/oauth2/authorize`: the login and consent page (GET) and its form (POST). Success redirects to
 * the app's registered callback with `code` and `state`; refusals redirect with `error`. A client or
 * callback the org does not know gets an error page, never a redirect.
 */
import type { ConnectedApp, EmulatorContext, EmulatorUserIdentity } from '../types';
import { findApp, grantScopes, readParams, requestOrigin } from './http';
import { storeCode, type OAuthOptions } from './state';

const PASSED_THROUGH = [
	'response_type',
	'client_id',
	'redirect_uri',
	'state',
	'scope',
	'nonce',
	'code_challenge',
	'code_challenge_method'
] as const;

/** Answers GET (the page) and POST (the submitted form) on the authorize endpoint. */
export async function handleAuthorize(
	request: Request,
	ctx: EmulatorContext,
	options: OAuthOptions
): Promise<Response> {
	if (request.method !== 'GET' && request.method !== 'POST') return errorPage('Method not allowed.', 405);
	const params = await readParams(request);
	const app = findApp(ctx, params.get('client_id'));
	if (!app) return errorPage('error=invalid_client_id: client identifier invalid', 400);
	const redirectUri = params.get('redirect_uri') ?? '';
	if (!app.callbackUrls.includes(redirectUri)) {
		return errorPage('error=redirect_uri_mismatch: redirect_uri must match configuration', 400);
	}
	const refusal = checkRequest(params, app);
	if (refusal)
		return redirectWithError(request, redirectUri, params, options, refusal.error, refusal.description);
	if (request.method === 'GET') return loginPage(params, null);

	if (params.get('decision') !== 'allow') {
		return redirectWithError(
			request,
			redirectUri,
			params,
			options,
			'access_denied',
			'end-user denied authorization'
		);
	}
	const user = authenticate(ctx, params.get('username'), params.get('password'));
	if (!user)
		return loginPage(
			params,
			'Please check your username and password. If you still can’t log in, contact your Salesforce administrator.'
		);
	const code = storeCode(ctx, {
		clientId: app.clientId,
		redirectUri,
		codeChallenge: params.get('code_challenge'),
		userId: user.id,
		scope: grantScopes(app, params.get('scope')),
		nonce: params.get('nonce'),
		expiresAt: ctx.now() + options.codeLifetimeMs
	});
	return redirectTo(request, redirectUri, params, options, { code });
}

function checkRequest(
	params: URLSearchParams,
	app: ConnectedApp
): { error: string; description: string } | null {
	if (params.get('response_type') !== 'code') {
		return { error: 'unsupported_response_type', description: 'response type not supported' };
	}
	const challenge = params.get('code_challenge');
	if (!challenge && app.requirePkce)
		return { error: 'invalid_request', description: 'missing required code challenge' };
	if (challenge) {
		const method = params.get('code_challenge_method') ?? 'plain';
		if (method !== 'S256')
			return { error: 'invalid_request', description: 'unsupported code challenge method' };
		if (!/^[A-Za-z0-9_-]{43}$/.test(challenge))
			return { error: 'invalid_request', description: 'invalid code challenge' };
	}
	const requested = params.get('scope');
	if (requested && requested.trim() && !grantScopes(app, requested)) {
		return { error: 'invalid_scope', description: 'the requested scope is not allowed' };
	}
	return null;
}

function authenticate(
	ctx: EmulatorContext,
	username: string | null,
	password: string | null
): EmulatorUserIdentity | null {
	if (!username || password !== ctx.userPassword) return null;
	const user = ctx.findUserByUsername(username);
	return user && user.isActive ? user : null;
}

function redirectWithError(
	request: Request,
	redirectUri: string,
	params: URLSearchParams,
	options: OAuthOptions,
	error: string,
	description: string
): Response {
	return redirectTo(request, redirectUri, params, options, { error, error_description: description });
}

function redirectTo(
	request: Request,
	redirectUri: string,
	params: URLSearchParams,
	options: OAuthOptions,
	values: Record<string, string>
): Response {
	const target = new URL(redirectUri);
	for (const [name, value] of Object.entries(values)) target.searchParams.set(name, value);
	const state = params.get('state');
	if (state !== null) target.searchParams.set('state', state);
	if (options.sendIssuer) target.searchParams.set('iss', requestOrigin(request));
	return new Response(null, { status: 302, headers: { Location: target.href, 'Cache-Control': 'no-store' } });
}

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

const PAGE_HEADERS = {
	'Content-Type': 'text/html;charset=UTF-8',
	'Cache-Control': 'no-store',
	'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
	'X-Frame-Options': 'DENY',
	'Referrer-Policy': 'no-referrer'
};

const STYLE =
	'body{font:15px system-ui,sans-serif;background:#f3f3f3;margin:0}main{max-width:380px;margin:48px auto;' +
	'background:#fff;padding:24px;border-radius:6px;box-shadow:0 1px 3px #0003}label{display:block;margin-top:12px}' +
	'input{width:100%;box-sizing:border-box;padding:8px;margin-top:4px}.error{color:#b00020}' +
	'.actions{display:flex;gap:8px;margin-top:20px}button{padding:8px 16px}';

function loginPage(params: URLSearchParams, problem: string | null): Response {
	const hidden = PASSED_THROUGH.filter((name) => params.has(name))
		.map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">`)
		.join('');
	const scopes = (params.get('scope') ?? '').split(/\s+/).filter(Boolean);
	const username = escapeHtml(params.get('username') ?? params.get('login_hint') ?? '');
	const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Login | Salesforce</title>
<style>${STYLE}</style></head><body><main>
<h1>Log in to Salesforce</h1>
<p>The app <strong>${escapeHtml(params.get('client_id') ?? '')}</strong> asks to access your data${
		scopes.length ? ` (${scopes.map((scope) => escapeHtml(scope)).join(', ')})` : ''
	}.</p>
${problem ? `<p class="error" role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/services/oauth2/authorize">${hidden}
<label for="username">Username</label><input id="username" name="username" autocomplete="username" value="${username}" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<div class="actions"><button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button></div>
</form></main></body></html>`;
	return new Response(html, { status: 200, headers: PAGE_HEADERS });
}

function errorPage(message: string, status: number): Response {
	const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error | Salesforce</title>
<style>${STYLE}</style></head><body><main><h1>Remote Access Error</h1><p class="error">${escapeHtml(message)}</p></main></body></html>`;
	return new Response(html, { status, headers: PAGE_HEADERS });
}
