/**
 * Where sign-in goes. Salesforce answers a browser's token call (CORS) only on the org's My Domain, never
 * on login.salesforce.com or test.salesforce.com, so every flow whose token call runs in the browser
 * needs the My Domain URL (SALESFORCE.md §1).
 */
import { appError, type AppError, type Result } from '../core/errors';
import type { LoginHost } from '../core/model';
import { DEMO_URL } from '../demo';

/** Production login host. */
const PRODUCTION_LOGIN_URL = 'https://login.salesforce.com';
/** Sandbox login host. */
const SANDBOX_LOGIN_URL = 'https://test.salesforce.com';

const GENERIC_LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);

/** The base URL (no trailing slash) that a login host stands for. */
export function loginHostUrl(host: LoginHost, demoUrl = DEMO_URL): string {
	switch (host.kind) {
		case 'production':
			return PRODUCTION_LOGIN_URL;
		case 'sandbox':
			return SANDBOX_LOGIN_URL;
		case 'demo':
			return trimSlash(demoUrl);
		case 'mydomain':
			return trimSlash(new URL(host.url).origin);
	}
}

/** Whether a URL is login.salesforce.com or test.salesforce.com, where browsers get no CORS on OAuth endpoints. */
export function isGenericLoginUrl(url: string): boolean {
	try {
		return GENERIC_LOGIN_HOSTS.has(new URL(url).hostname);
	} catch {
		return false;
	}
}

/** Whether plain http may be used for this URL (loopback only: the emulator in tests). */
export function isLoopbackUrl(url: string): boolean {
	const { protocol, hostname } = new URL(url);
	return (
		protocol === 'http:' && (hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]')
	);
}

/**
 * Turns what a person types as a My Domain ("acme", "acme.my.salesforce.com", a Lightning or Setup URL,
 * a sandbox domain) into the My Domain base URL.
 */
export function normalizeMyDomain(input: string): Result<string> {
	const text = input.trim();
	if (!text)
		return {
			ok: false,
			error: appError('INVALID_INPUT', 'Enter your My Domain URL, e.g. https://acme.my.salesforce.com.')
		};
	if (/^[a-z0-9-]+(--[a-z0-9]+)?$/i.test(text)) {
		const [name, sandbox] = text.toLowerCase().split('--');
		const host = sandbox ? `${name}--${sandbox}.sandbox.my.salesforce.com` : `${name}.my.salesforce.com`;
		return { ok: true, value: `https://${host}` };
	}
	let url: URL;
	try {
		url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
	} catch {
		return { ok: false, error: appError('INVALID_INPUT', `“${text}” is not a URL.`, { field: 'loginHost' }) };
	}
	if (url.protocol !== 'https:' && !isLoopbackUrl(url.href)) {
		return {
			ok: false,
			error: appError('INVALID_INPUT', 'The My Domain URL must start with https://.', { field: 'loginHost' })
		};
	}
	const lightning = /^(.+?)\.(sandbox\.)?(lightning\.force\.com|my\.salesforce-setup\.com)$/i.exec(
		url.hostname
	);
	if (lightning) {
		return {
			ok: true,
			value: `https://${lightning[1].toLowerCase()}.${lightning[2] ?? ''}my.salesforce.com`
		};
	}
	if (GENERIC_LOGIN_HOSTS.has(url.hostname)) {
		return { ok: false, error: needsMyDomain(url.origin) };
	}
	return { ok: true, value: url.origin };
}

/** Why a login host can or cannot be used from the browser, in words for the credential form (Q9). */
export function explainLoginHost(host: LoginHost): { usable: boolean; message: string } {
	switch (host.kind) {
		case 'mydomain':
			if (isGenericLoginUrl(host.url)) return { usable: false, message: needsMyDomain(host.url).message };
			return {
				usable: true,
				message:
					'Sign-in and token calls go to your My Domain. In Setup, add this app’s origin to the CORS allowlist and tick “Enable CORS for OAuth endpoints”.'
			};
		case 'demo':
			return {
				usable: true,
				message: 'The demo org runs inside this browser; no Salesforce account is needed.'
			};
		case 'production':
		case 'sandbox':
			return { usable: false, message: needsMyDomain(loginHostUrl(host)).message };
	}
}

/** The login URL a browser can exchange tokens with, or AUTH_NEEDS_MY_DOMAIN for the generic hosts. */
export function browserLoginUrl(host: LoginHost, demoUrl = DEMO_URL): Result<string> {
	const url = loginHostUrl(host, demoUrl);
	if (isGenericLoginUrl(url)) return { ok: false, error: needsMyDomain(url) };
	return { ok: true, value: url };
}

/** The login URL of a connected app's credential: the My Domain (browserLoginUrl) and a consumer key are required. */
export function appLoginUrl(credential: { loginHost: LoginHost; clientId: string }): Result<string> {
	const loginUrl = browserLoginUrl(credential.loginHost);
	if (!loginUrl.ok || credential.clientId) return loginUrl;
	return {
		ok: false,
		error: appError('AUTH_CONFIG', 'Enter the consumer key of the connected app.', { field: 'clientId' })
	};
}

/** The error that explains the My Domain requirement. */
export function needsMyDomain(url: string): AppError {
	const host = new URL(url).hostname;
	return appError(
		'AUTH_NEEDS_MY_DOMAIN',
		`${host} does not let a browser app call its token endpoint (no CORS there). Use your org’s My Domain URL ` +
			'(Setup → My Domain, e.g. https://acme.my.salesforce.com), add this app’s origin to the CORS allowlist and ' +
			'tick “Enable CORS for OAuth endpoints” (Setup → CORS).',
		{ field: 'loginHost' }
	);
}

function trimSlash(url: string): string {
	return url.replace(/\/+$/, '');
}
