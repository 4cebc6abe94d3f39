/**
 * Sign-in journeys against the emulator over HTTP: authorization code + PKCE through the login page, and
 * the negative cases Q1, Q3, Q4, Q5, Q9 on the shared emulator (127.0.0.1:8787).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { EMULATOR_TOKEN, EMULATOR_URL } from '../../playwright.config';
import {
	DEFAULT_CLIENT_ID,
	DEFAULT_CONFIDENTIAL_CLIENT_ID,
	DEFAULT_CONFIDENTIAL_CLIENT_SECRET
} from '../../src/lib/emulator';
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
	await expect(page).toHaveURL(/127\.0\.0\.1:8787\/services\/oauth2\/authorize\?/);
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
	await expect(again.getByTestId('session-state')).toContainText(`Signed in at ${EMULATOR_URL}`);
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
	await expect(page.getByTestId('redirect-uri')).toHaveText('http://127.0.0.1:4174/auth/callback');
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
});
