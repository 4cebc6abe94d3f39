import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../../tests/emulator-server';
import type { Credential } from '../core/model';
import { testConnection } from './connection-test';
import { beginAuthorization, completeAuthorization, createMemoryPendingStore } from './pkce';
import { sessionHandlers } from './kinds';
import type { FetchLike } from './server';
import { TEST_APP_ORIGIN, TEST_CLIENTS, TEST_REDIRECT_URI } from './testing';
import { TokenVault } from './sessions';

let server: EmulatorServer;
const fetchOverHttp: FetchLike = (request) => fetch(request);

beforeAll(async () => {
	server = await startEmulatorServer({
		users: 10,
		corsAllowlist: [TEST_APP_ORIGIN],
		connectedApps: [
			{
				clientId: TEST_CLIENTS.pkce,
				callbackUrls: [TEST_REDIRECT_URI],
				requirePkce: true,
				rotateRefreshTokens: true,
				scopes: ['api', 'refresh_token']
			}
		]
	});
});

afterAll(async () => {
	await server.close();
});

describe('sign-in over HTTP on 127.0.0.1', () => {
	it('runs the PKCE journey with plain http allowed for loopback only, then signs out', async () => {
		const credential: Pick<Credential, 'id' | 'kind' | 'clientId' | 'loginHost' | 'username'> = {
			id: 'cred-http',
			kind: 'pkce',
			clientId: TEST_CLIENTS.pkce,
			loginHost: { kind: 'mydomain', url: server.url },
			username: ''
		};
		const store = createMemoryPendingStore();
		const begun = await beginAuthorization({
			credential,
			redirectUri: TEST_REDIRECT_URI,
			store,
			fetch: fetchOverHttp
		});
		if (!begun.ok) throw new Error(begun.error.message);
		expect(begun.value.url.startsWith(`${server.url}/services/oauth2/authorize?`)).toBe(true);

		const page = await fetch(begun.value.url);
		const html = await page.text();
		const form = new URLSearchParams();
		for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
			form.set(match[1], match[2].replace(/&amp;/g, '&'));
		}
		form.set('username', server.emulator.org.adminUser.Username);
		form.set('password', server.emulator.options.userPassword);
		form.set('decision', 'allow');
		const submitted = await fetch(`${server.url}/services/oauth2/authorize`, {
			method: 'POST',
			body: form,
			redirect: 'manual'
		});
		expect(submitted.status).toBe(302);
		const callbackUrl = submitted.headers.get('location') ?? '';

		const done = await completeAuthorization({ callbackUrl, store, fetch: fetchOverHttp });
		if (!done.ok) throw new Error(done.error.message);
		const { tokens } = done.value;
		expect(tokens.instanceUrl).toBe(server.url);

		const report = await testConnection({
			fetch: fetchOverHttp,
			instanceUrl: tokens.instanceUrl,
			accessToken: tokens.accessToken
		});
		expect(report.diagnoses).toEqual([]);
		expect(report.ok).toBe(true);

		const vault = new TokenVault();
		vault.put(credential.id, tokens, sessionHandlers({ credential, fetch: fetchOverHttp }));
		const refreshed = await vault.refresh(credential.id, tokens.accessToken);
		expect(refreshed).not.toBe(tokens.accessToken);
		expect((await vault.signOut(credential.id)).ok).toBe(true);
		const after = await testConnection({
			fetch: fetchOverHttp,
			instanceUrl: tokens.instanceUrl,
			accessToken: refreshed
		});
		expect(after.steps.find((step) => step.name === 'limits')?.status).toBe(401);
	});
});
