/**
 * Sign-in journeys on orgs of their own (an emulator server per test): JWT with a certificate, refresh-token
 * rotation, a wrong issuer, and an origin off the CORS allowlist.
 */
import { APP_PORT, extraEmulatorPort } from '../../playwright.config';
import { generateKeyPairPem } from '../../src/lib/auth/jwt-key';
import { startEmulatorServer, type EmulatorServer } from '../emulator-server';
import { expect, test } from './fixtures';

import { createCredential, dumpBrowserStorage, logInOnSalesforce } from './auth-support';

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
