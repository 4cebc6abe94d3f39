/**
 * Sign-in journeys against the emulator over HTTP: authorization code + PKCE through the login page, and
 * the negative cases Q1, Q3, Q4, Q5, Q9 on the shared emulator (EMULATOR_URL).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { APP_PORT, EMULATOR_TOKEN, EMULATOR_URL, extraEmulatorPort } from '../../playwright.config';
import { generateKeyPairPem } from '../../src/lib/auth/jwt-key';
import {
	DEFAULT_CLIENT_ID,
	DEFAULT_CONFIDENTIAL_CLIENT_ID,
	DEFAULT_CONFIDENTIAL_CLIENT_SECRET
} from '../../src/lib/emulator';
import { startEmulatorServer, type EmulatorServer } from '../emulator-server';
import { expect, test } from './fixtures';

/** What the credential form asks for. */
interface CredentialInput {
	label: string;
	kind: string;
	myDomain?: string;
	hostKind?: 'Production' | 'Sandbox' | 'My Domain URL';
	clientId?: string;
	username?: string;
	remember?: boolean;
}

/** Creates a credential through the form and waits for its page. */
async function createCredential(page: Page, input: CredentialInput): Promise<void> {
	await page.goto('/credentials?new');
	await page.getByLabel('Name', { exact: true }).fill(input.label);
	await page.getByLabel('Kind', { exact: true }).selectOption(input.kind);
	if (input.hostKind) await page.getByLabel(input.hostKind, { exact: false }).check();
	if (input.myDomain !== undefined) await page.getByLabel('My Domain address').fill(input.myDomain);
	if (input.clientId !== undefined) await page.getByLabel('Consumer key (client id)').fill(input.clientId);
	if (input.username !== undefined) await page.getByLabel('Username', { exact: true }).fill(input.username);
	if (input.remember) await page.getByLabel('Remember on this device').check();
	await page.getByRole('button', { name: 'Save credential' }).click();
	await expect(page).toHaveURL(/\/credentials\?id=/);
	await expect(page.getByRole('heading', { name: input.label })).toBeVisible();
}

/** The username of the admin user of an emulator (from userinfo with its admin token). */
async function adminUsername(instanceUrl = EMULATOR_URL, token = EMULATOR_TOKEN): Promise<string> {
	const response = await fetch(`${instanceUrl}/services/oauth2/userinfo`, {
		headers: { Authorization: `Bearer ${token}` }
	});
	const body = (await response.json()) as { preferred_username: string };
	return body.preferred_username;
}

/** Fills the emulator's login page and allows access. */
async function logInOnSalesforce(page: Page, username: string, password = 'emulator-password') {
	await expect(page.getByRole('heading', { name: 'Log in to Salesforce' })).toBeVisible();
	await page.getByLabel('Username', { exact: true }).fill(username);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Allow' }).click();
}

/** Records the access tokens the token endpoint hands out (the worker's responses, seen by the browser). */
function recordIssuedTokens(context: BrowserContext): string[] {
	const tokens: string[] = [];
	context.on('response', async (response) => {
		if (!response.url().endsWith('/services/oauth2/token') || response.request().method() !== 'POST') return;
		const body = (await response.json().catch(() => null)) as { access_token?: string } | null;
		if (body?.access_token) tokens.push(body.access_token);
	});
	return tokens;
}

/** The HTTP status of a REST call with this token. */
async function apiStatus(token: string, instanceUrl = EMULATOR_URL): Promise<number> {
	const response = await fetch(`${instanceUrl}/services/data/v66.0/limits`, {
		headers: { Authorization: `Bearer ${token}` }
	});
	return response.status;
}

/** Everything the page stored: localStorage, sessionStorage and every IndexedDB store, as text. */
function dumpBrowserStorage(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const parts: string[] = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
		const text = (value: unknown) =>
			JSON.stringify(value, (_key, item) =>
				item instanceof ArrayBuffer || ArrayBuffer.isView(item)
					? Array.from(new Uint8Array(item instanceof ArrayBuffer ? item : item.buffer), (byte) =>
							String.fromCharCode(byte)
						).join('')
					: item
			);
		for (const info of await indexedDB.databases()) {
			if (!info.name) continue;
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open(info.name as string);
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			for (const name of Array.from(db.objectStoreNames)) {
				const rows = await new Promise<unknown[]>((resolve, reject) => {
					const request = db.transaction(name).objectStore(name).getAll();
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				});
				parts.push(`${name}:${text(rows)}`);
			}
			db.close();
		}
		return parts.join('\n');
	});
}

/** An access token as Salesforce shapes them: org id, "!", session. */
const ACCESS_TOKEN_PATTERN = /00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]{20,}/;

test('PKCE: login page, back to /auth/callback, connection test green; nothing in clear; reload refused; sign out revokes', async ({
	page,
	context,
	problems
}) => {
	const issued = recordIssuedTokens(context);
	const username = await adminUsername();
	await createCredential(page, {
		label: 'Emulator PKCE',
		kind: 'pkce',
		myDomain: EMULATOR_URL,
		clientId: DEFAULT_CLIENT_ID
	});
	await expect(page.getByTestId('session-state')).toHaveText('Not signed in.');
	const callback = page.waitForRequest((request) => request.url().includes('/auth/callback?'));
	await page.getByRole('button', { name: 'Sign in with Salesforce' }).click();
	await expect(page).toHaveURL((url) => url.href.startsWith(`${EMULATOR_URL}/services/oauth2/authorize?`));
	await logInOnSalesforce(page, username);
	const callbackUrl = (await callback).url();
	expect(new URL(callbackUrl).searchParams.get('code')).toBeTruthy();

	await expect(page).toHaveURL(/\/credentials\?id=.+&test$/);
	await expect(page.getByTestId('connection-verdict')).toHaveText('Connection works');
	await expect(page.getByTestId('connection-step')).toHaveCount(4);
	await expect(page.getByTestId('session-state')).toContainText(`Signed in as ${username}`);
	await expect(page.getByTestId('credential-org')).toHaveText(/^00D/);
	expect(issued).toHaveLength(1);

	// Q5: no token in clear anywhere the page can store things.
	const stored = await dumpBrowserStorage(page);
	expect(stored).not.toMatch(ACCESS_TOKEN_PATTERN);
	expect(stored).not.toContain(issued[0]);

	// Q3: the same callback again (in a second tab, so this tab's worker keeps its session) gets one
	// clear message and no loop.
	const again = await context.newPage();
	await again.goto(callbackUrl);
	await expect(again.getByTestId('callback-error')).toContainText('already completed');
	await again.getByRole('link', { name: 'Back to Credentials' }).click();
	await again.getByRole('link', { name: 'Emulator PKCE' }).click();
	// The second tab's worker got the session from the first tab's worker.
	await expect(again.getByTestId('session-state')).toContainText(
		`Signed in as ${username} at ${EMULATOR_URL}`
	);
	await again.close();
	expect(issued).toHaveLength(1);

	// Sign out revokes: the token the worker held is refused afterwards.
	expect(await apiStatus(issued[0])).toBe(200);
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByTestId('session-state')).toHaveText('Not signed in.');
	expect(await apiStatus(issued[0])).toBe(401);
	expect(problems.consoleErrors.filter((text) => !/401|Failed to load resource/.test(text))).toEqual([]);
});

test('Q1: a callback with an unknown state, or an error, is refused with one clear message', async ({
	page
}) => {
	await page.goto('/auth/callback?code=aPrxforged&state=not-started-here');
	await expect(page.getByTestId('callback-error')).toContainText(
		'does not belong to a sign-in started in this browser'
	);
	await page.goto('/auth/callback?error=access_denied&error_description=end-user+denied+authorization');
	await expect(page.getByTestId('callback-error')).toContainText('no state');
	await expect(page.getByRole('link', { name: 'Back to Credentials' })).toBeVisible();
});

test('Q1: denying access on the login page comes back as a clear message, nothing signed in', async ({
	page
}) => {
	const username = await adminUsername();
	await createCredential(page, {
		label: 'Denied',
		kind: 'pkce',
		myDomain: EMULATOR_URL,
		clientId: DEFAULT_CLIENT_ID
	});
	await page.getByRole('button', { name: 'Sign in with Salesforce' }).click();
	await page.getByLabel('Username', { exact: true }).fill(username);
	await page.getByRole('button', { name: 'Deny' }).click();
	await expect(page.getByTestId('callback-error')).toContainText(/denied|access_denied/i);
	await page.getByRole('link', { name: 'Back to Credentials' }).click();
	await page.getByRole('link', { name: 'Denied' }).click();
	await expect(page.getByTestId('session-state')).toHaveText('Not signed in.');
});

test('Q9: Production and Sandbox login hosts are refused with the My Domain explanation', async ({
	page
}) => {
	await page.goto('/credentials?new');
	await page.getByLabel('Name', { exact: true }).fill('Generic host');
	await page.getByLabel('Production', { exact: false }).check();
	await expect(page.getByTestId('login-host-message')).toContainText('My Domain');
	await expect(page.getByTestId('login-host-message')).toContainText('Enable CORS for OAuth endpoints');
	await expect(page.getByRole('button', { name: 'Save credential' })).toBeDisabled();
	await page.getByLabel('Sandbox', { exact: false }).check();
	await expect(page.getByTestId('login-host-message')).toContainText('test.salesforce.com');
	await page.getByLabel('My Domain URL', { exact: true }).check();
	await page.getByLabel('My Domain address').fill('https://login.salesforce.com');
	await expect(page.getByRole('alert').first()).toContainText('My Domain');
	await expect(page.getByTestId('redirect-uri')).toHaveText(`http://127.0.0.1:${APP_PORT}/auth/callback`);
	await page.getByLabel('Kind', { exact: true }).selectOption('client_credentials');
	await expect(page.getByTestId('kind-note')).toContainText('The consumer secret sits in this browser');
	await page.getByLabel('Kind', { exact: true }).selectOption('password');
	await expect(page.getByTestId('kind-note')).toContainText('retiring');
	await expect(page.getByTestId('remember-risk')).toContainText('encrypted');
});

test('client credentials: signs in with the secret, tests green, sign out revokes', async ({
	page,
	context
}) => {
	const issued = recordIssuedTokens(context);
	await createCredential(page, {
		label: 'Server app',
		kind: 'client_credentials',
		myDomain: EMULATOR_URL,
		clientId: DEFAULT_CONFIDENTIAL_CLIENT_ID
	});
	await expect(page.getByTestId('session-state')).toHaveText('Not signed in.');
	await page.getByLabel('Consumer secret').fill(DEFAULT_CONFIDENTIAL_CLIENT_SECRET);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page.getByTestId('session-state')).toContainText('Signed in');
	await page.getByRole('button', { name: 'Run test' }).click();
	await expect(page.getByTestId('connection-verdict')).toHaveText('Connection works');
	await expect(page.getByTestId('connection-report')).toContainText('requests today');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByTestId('session-state')).toHaveText('Not signed in.');
	expect(issued.length).toBeGreaterThan(0);
	expect(await apiStatus(issued[issued.length - 1])).toBe(401);

	// Edit, then delete.
	await page.getByRole('button', { name: 'Edit' }).click();
	await page.getByLabel('Name', { exact: true }).fill('Server app (renamed)');
	await page.getByLabel('API version', { exact: true }).selectOption('65.0');
	await page.getByRole('button', { name: 'Save credential' }).click();
	await expect(page.getByRole('heading', { name: 'Server app (renamed)' })).toBeVisible();
	await expect(page.getByText('65.0', { exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Delete' }).click();
	await page.getByRole('button', { name: 'Delete credential' }).click();
	await expect(page).toHaveURL(/\/credentials$/);
	await expect(page.getByRole('link', { name: 'Server app (renamed)' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Demo org (built in)' })).toBeVisible();
});

test.describe('on orgs of their own (JWT certificate, rotation, iss, CORS allowlist)', () => {
	const APP = `http://127.0.0.1:${APP_PORT}`;
	const callbackUrls = [`${APP}/auth/callback`];
	let org: EmulatorServer;
	let closedOrg: EmulatorServer;
	let privateKeyPem = '';

	test.beforeAll(async () => {
		const pair = await generateKeyPairPem();
		privateKeyPem = pair.privateKeyPem;
		org = await startEmulatorServer({
			port: extraEmulatorPort(4),
			users: 50,
			corsAllowlist: [APP],
			oauth: { sendIssuer: true, codeChallengeMethods: ['S256'] },
			connectedApps: [
				{
					clientId: 'e2e-rotating-pkce',
					callbackUrls,
					requirePkce: true,
					rotateRefreshTokens: true,
					scopes: ['api', 'refresh_token']
				},
				{
					clientId: 'e2e-jwt',
					callbackUrls,
					requirePkce: false,
					rotateRefreshTokens: false,
					certificatePem: pair.publicKeyPem,
					scopes: ['api']
				},
				{
					clientId: 'e2e-server',
					clientSecret: 'e2e-server-secret',
					callbackUrls,
					requirePkce: false,
					rotateRefreshTokens: false,
					scopes: ['api', 'refresh_token']
				}
			]
		});
		closedOrg = await startEmulatorServer({
			port: extraEmulatorPort(5),
			users: 10,
			corsAllowlist: ['https://elsewhere.example']
		});
	});

	test.afterAll(async () => {
		await org?.close();
		await closedOrg?.close();
	});

	test('JWT bearer with a generated key pair: signs in, tests green', async ({ page }) => {
		await createCredential(page, {
			label: 'JWT app',
			kind: 'jwt',
			myDomain: org.url,
			clientId: 'e2e-jwt',
			username: org.emulator.org.adminUser.Username
		});
		await expect(page.getByTestId('session-state')).toHaveText('Not signed in.');
		await page.getByLabel('Private key (PKCS#8 PEM)').fill(privateKeyPem);
		await page.getByRole('button', { name: 'Sign in', exact: true }).click();
		await expect(page.getByTestId('session-state')).toContainText('Signed in');
		await page.getByRole('button', { name: 'Run test' }).click();
		await expect(page.getByTestId('connection-verdict')).toHaveText('Connection works');
		expect(await dumpBrowserStorage(page)).not.toContain(privateKeyPem.split('\n')[1]);
	});

	test('refresh token pasted with the consumer secret: signs in, tests green', async ({ page }) => {
		const grant = org.emulator.sessions.issueRefresh({
			userId: org.emulator.org.adminUser.Id,
			clientId: 'e2e-server',
			scope: 'api refresh_token'
		});
		await createCredential(page, {
			label: 'Pasted refresh token',
			kind: 'refresh_token',
			myDomain: org.url,
			clientId: 'e2e-server'
		});
		await expect(page.getByTestId('session-state')).toHaveText('Not signed in.');
		await page.getByLabel('Refresh token', { exact: true }).fill(grant.refreshToken);
		await page.getByLabel('Consumer secret (if the app requires it)').fill('e2e-server-secret');
		await page.getByRole('button', { name: 'Sign in', exact: true }).click();
		await expect(page.getByTestId('session-state')).toContainText('Signed in');
		await page.getByRole('button', { name: 'Run test' }).click();
		await expect(page.getByTestId('connection-verdict')).toHaveText('Connection works');
		expect(await dumpBrowserStorage(page)).not.toContain(grant.refreshToken);
	});

	test('Q6–Q8: two tabs hit 401 at once with rotation on → one refresh, both go on', async ({
		page,
		context
	}) => {
		const refreshes: string[] = [];
		context.on('request', (request) => {
			if (
				request.url().endsWith('/services/oauth2/token') &&
				/grant_type=refresh_token/.test(request.postData() ?? '')
			)
				refreshes.push(request.url());
		});
		await createCredential(page, {
			label: 'Rotating',
			kind: 'pkce',
			myDomain: org.url,
			clientId: 'e2e-rotating-pkce'
		});
		await page.getByRole('button', { name: 'Sign in with Salesforce' }).click();
		await logInOnSalesforce(page, org.emulator.org.adminUser.Username);
		await expect(page.getByTestId('connection-verdict')).toHaveText('Connection works');
		const url = page.url().replace(/&test$/, '');

		const second = await context.newPage();
		await second.goto(url);
		await expect(second.getByTestId('session-state')).toContainText('Signed in');
		await page.goto(url);
		await expect(page.getByTestId('session-state')).toContainText('Signed in');

		org.emulator.sessions.expireAccessTokens();
		await Promise.all([
			page.getByRole('button', { name: 'Run test' }).click(),
			second.getByRole('button', { name: 'Run test' }).click()
		]);
		await expect(page.getByTestId('connection-verdict')).toHaveText('Connection works');
		await expect(second.getByTestId('connection-verdict')).toHaveText('Connection works');
		expect(refreshes).toHaveLength(1);
	});

	test('Q1/Q2: a callback naming another issuer is refused', async ({ page }) => {
		await createCredential(page, {
			label: 'Issuer check',
			kind: 'pkce',
			myDomain: org.url,
			clientId: 'e2e-rotating-pkce'
		});
		// The login form's answer is a redirect to the callback: keep its target instead of following it.
		let held = '';
		await page.route(/\/services\/oauth2\/authorize$/, async (route) => {
			if (route.request().method() !== 'POST') return route.continue();
			const response = await route.fetch({ maxRedirects: 0 });
			held = response.headers()['location'] ?? '';
			await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>held</p>' });
		});
		await page.getByRole('button', { name: 'Sign in with Salesforce' }).click();
		await logInOnSalesforce(page, org.emulator.org.adminUser.Username);
		await expect.poll(() => held).toContain('iss=');
		await page.unrouteAll();
		const forged = new URL(held);
		forged.searchParams.set('iss', 'https://evil.example');
		await page.goto(forged.href);
		await expect(page.getByTestId('callback-error')).toContainText('another issuer');
	});

	test('Q4: the token endpoint answering an HTML error page gives a typed error and nothing stored', async ({
		page
	}) => {
		await createCredential(page, {
			label: 'Token endpoint down',
			kind: 'pkce',
			myDomain: org.url,
			clientId: 'e2e-rotating-pkce'
		});
		// Once the login form has answered, the org's OAuth endpoints start answering 503 HTML pages.
		await page.route(/\/services\/oauth2\/authorize$/, async (route) => {
			if (route.request().method() !== 'POST') return route.continue();
			const response = await route.fetch({ maxRedirects: 0 });
			org.emulator.faults.add({ fault: { kind: 'unavailable' }, on: 'oauth', times: 5 });
			await route.fulfill({ response });
		});
		await page.getByRole('button', { name: 'Sign in with Salesforce' }).click();
		await logInOnSalesforce(page, org.emulator.org.adminUser.Username);
		await expect(page.getByTestId('callback-error')).toBeVisible();
		org.emulator.faults.clear();
		await page.getByRole('link', { name: 'Back to Credentials' }).click();
		await page.getByRole('link', { name: 'Token endpoint down' }).click();
		await expect(page.getByTestId('session-state')).toHaveText('Not signed in.');
		await expect(page.getByTestId('credential-org')).toHaveCount(0);
	});

	test('Q18: an origin off the CORS allowlist is named by the connection test', async ({ page }) => {
		await createCredential(page, { label: 'Closed org', kind: 'access_token' });
		await expect(page.getByTestId('session-state')).toHaveText('Not signed in.');
		await page.getByLabel('Access token').fill(closedOrg.token);
		await page.getByLabel('Instance URL').fill(closedOrg.url);
		await page.getByRole('button', { name: 'Sign in', exact: true }).click();
		await expect(page.getByTestId('session-state')).toContainText('Signed in');
		await page.getByRole('button', { name: 'Run test' }).click();
		await expect(page.getByTestId('connection-verdict')).toHaveText('Connection has problems');
		await expect(page.getByTestId('diagnosis').first()).toContainText('CORS allowlist');
		await expect(page.getByTestId('diagnosis').first()).toContainText(APP);
	});
});

test('remember on this device: the session comes back after a reload, sealed, and goes with sign-out', async ({
	page,
	context
}) => {
	const issued = recordIssuedTokens(context);
	const username = await adminUsername();
	await createCredential(page, {
		label: 'Remembered',
		kind: 'pkce',
		myDomain: EMULATOR_URL,
		clientId: DEFAULT_CLIENT_ID,
		remember: true
	});
	await page.getByRole('button', { name: 'Sign in with Salesforce' }).click();
	await logInOnSalesforce(page, username);
	await expect(page.getByTestId('connection-verdict')).toHaveText('Connection works');
	await expect(page.getByTestId('session-state')).toContainText('Remembered on this device');

	// A reload starts a new worker with no tokens: it renews from the sealed refresh token.
	await page.reload();
	await expect(page.getByTestId('session-state')).toContainText('Signed in');
	await page.getByRole('button', { name: 'Run test' }).click();
	await expect(page.getByTestId('connection-verdict')).toHaveText('Connection works');
	const stored = await dumpBrowserStorage(page);
	expect(stored).not.toMatch(ACCESS_TOKEN_PATTERN);
	expect(issued.length).toBeGreaterThanOrEqual(2);
	for (const token of issued) expect(stored).not.toContain(token);

	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByTestId('session-state')).toHaveText('Not signed in.');
	await page.reload();
	await expect(page.getByTestId('session-state')).toHaveText('Not signed in.');
	expect(await apiStatus(issued[issued.length - 1])).toBe(401);
});
