/**
 * Test support for the sign-in code: an emulated org wired as the app sees it, a fetch that behaves like
 * a browser's (CORS refusals become opaque TypeErrors), and in-memory Web Lock / BroadcastChannel stand-ins.
 */
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import type { ConnectedApp } from '../emulator/types';
import type { FetchLike } from './server';
import type { BroadcastChannelLike, LockManagerLike } from './sessions';

/** Origin the app runs on in these tests. */
export const TEST_APP_ORIGIN = 'https://connector.example';
/** Redirect URI the app registers. */
export const TEST_REDIRECT_URI = `${TEST_APP_ORIGIN}/auth/callback`;
/** Client ids of the test org's apps. */
export const TEST_CLIENTS = { pkce: 'pkce-app', server: 'server-app', jwt: 'jwt-app' } as const;
/** Secret of the confidential app. */
export const TEST_CLIENT_SECRET = 'server-secret';

/** An emulated org with a PKCE app (rotation on), a confidential app and a JWT app, and the app origin allowed. */
export function createTestEmulator(
	options: EmulatorOptions & { certificatePem?: string; rotate?: boolean } = {}
): Emulator {
	const { certificatePem, rotate = true, ...rest } = options;
	const apps: ConnectedApp[] = [
		{
			clientId: TEST_CLIENTS.pkce,
			callbackUrls: [TEST_REDIRECT_URI],
			requirePkce: true,
			rotateRefreshTokens: rotate,
			scopes: ['api', 'refresh_token', 'openid']
		},
		{
			clientId: TEST_CLIENTS.server,
			clientSecret: TEST_CLIENT_SECRET,
			callbackUrls: [TEST_REDIRECT_URI],
			requirePkce: false,
			rotateRefreshTokens: rotate,
			scopes: ['api', 'refresh_token']
		},
		{
			clientId: TEST_CLIENTS.jwt,
			callbackUrls: [TEST_REDIRECT_URI],
			requirePkce: false,
			rotateRefreshTokens: false,
			certificatePem,
			scopes: ['api']
		}
	];
	const emulator = createEmulator({
		users: 10,
		corsAllowlist: [TEST_APP_ORIGIN],
		connectedApps: apps,
		...rest
	});
	apps[1].runAsUsername = emulator.org.adminUser.Username;
	return emulator;
}

/** Every request a browser-like fetch saw, for assertions such as "no token request was made". */
export interface RecordingFetch extends FetchLike {
	requests: Request[];
	/** Requests whose path is the given one. */
	count(path: string): number;
}

/**
 * A fetch that acts like a browser on TEST_APP_ORIGIN: it sends Origin, turns a response without the
 * matching Access-Control-Allow-Origin into `TypeError: Failed to fetch`, and cannot reach the generic
 * login hosts' token endpoints at all. `intercept` may answer instead of the emulator.
 */
export function browserFetch(
	emulator: Emulator,
	intercept?: (request: Request) => Response | null | Promise<Response | null>
): RecordingFetch {
	const requests: Request[] = [];
	const fetch = (async (request: Request) => {
		requests.push(request.clone());
		const url = new URL(request.url);
		if (url.hostname === 'login.salesforce.com' || url.hostname === 'test.salesforce.com') {
			if (url.pathname.startsWith('/services/oauth2/')) throw new TypeError('Failed to fetch');
		}
		const headers = new Headers(request.headers);
		headers.set('Origin', TEST_APP_ORIGIN);
		const sent = new Request(request, { headers });
		const response = (await intercept?.(sent)) ?? (await emulator.handle(sent));
		if (response.headers.get('access-control-allow-origin') !== TEST_APP_ORIGIN)
			throw new TypeError('Failed to fetch');
		return response;
	}) as RecordingFetch;
	fetch.requests = requests;
	fetch.count = (path) => requests.filter((request) => new URL(request.url).pathname === path).length;
	return fetch;
}

/** Web Locks for tests: exclusive locks by name, granted in request order. */
export function createFakeLocks(): LockManagerLike {
	const tails = new Map<string, Promise<unknown>>();
	return {
		request<T>(name: string, callback: (lock: unknown) => Promise<T>): Promise<T> {
			const previous = tails.get(name) ?? Promise.resolve();
			const result = previous.then(() => callback({ name }));
			tails.set(
				name,
				result.catch(() => undefined)
			);
			return result;
		}
	};
}

/**
 * BroadcastChannel for tests: every channel of a hub hears the others' messages (not its own),
 * asynchronously; with `held`, messages wait until `flush()` (a message that arrives late).
 */
export function createFakeChannelHub(options: { held?: boolean } = {}): {
	open(): BroadcastChannelLike;
	flush(): void;
} {
	const members = new Set<{ listeners: ((event: MessageEvent) => void)[] }>();
	const pending: (() => void)[] = [];
	return {
		open() {
			const member = { listeners: [] as ((event: MessageEvent) => void)[] };
			members.add(member);
			return {
				postMessage(message) {
					const copy = structuredClone(message);
					for (const other of members) {
						if (other === member) continue;
						const deliver = () => {
							for (const listener of other.listeners) listener(new MessageEvent('message', { data: copy }));
						};
						if (options.held) pending.push(deliver);
						else queueMicrotask(deliver);
					}
				},
				addEventListener(_type, listener) {
					member.listeners.push(listener);
				},
				close() {
					members.delete(member);
				}
			};
		},
		flush() {
			for (const deliver of pending.splice(0)) deliver();
		}
	};
}

/** Signs in on the emulator's authorize page as a browser would: load it, fill it, submit, follow to the callback. */
export async function submitLoginForm(
	emulator: Emulator,
	authorizeUrl: string,
	credentials: { username: string; password: string; decision?: 'allow' | 'deny' }
): Promise<string> {
	const page = await emulator.handle(new Request(authorizeUrl));
	if (page.status !== 200) throw new Error(`authorize page answered ${page.status}`);
	const html = await page.text();
	const form = new URLSearchParams();
	for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
		form.set(match[1], decodeEntities(match[2]));
	}
	form.set('username', credentials.username);
	form.set('password', credentials.password);
	form.set('decision', credentials.decision ?? 'allow');
	const action = new URL('/services/oauth2/authorize', authorizeUrl);
	const answer = await emulator.handle(
		new Request(action, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: form
		})
	);
	const location = answer.headers.get('location');
	if (answer.status !== 302 || !location) throw new Error(`login form answered ${answer.status}`);
	return location;
}

function decodeEntities(text: string): string {
	return text
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}
