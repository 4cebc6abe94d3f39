/**
 * Sign-in journeys against the emulator over HTTP: authorization code + PKCE through the login page, and
 * the negative cases Q1, Q3, Q4, Q5, Q9 on the shared emulator (EMULATOR_URL).
 */
import { APP_PORT, EMULATOR_URL } from '../../playwright.config';
import {
	DEFAULT_CLIENT_ID,
	DEFAULT_CONFIDENTIAL_CLIENT_ID,
	DEFAULT_CONFIDENTIAL_CLIENT_SECRET
} from '../../src/lib/emulator';
import { expect, test } from './fixtures';

import {
	ACCESS_TOKEN_PATTERN,
	adminUsername,
	apiStatus,
	createCredential,
	dumpBrowserStorage,
	logInOnSalesforce,
	recordIssuedTokens
} from './auth-support';

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
