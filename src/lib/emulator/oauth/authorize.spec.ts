import { describe, expect, it } from 'vitest';
import { createOAuthHandler } from './index';
import { createTestOrg, TEST_CALLBACK, TEST_ORG_URL, TEST_USERS } from './test-org';
import { authorizeParams, post, signIn } from './testing';

describe('authorize', () => {
	it('shows a login page that escapes everything it echoes', async () => {
		const org = createTestOrg();
		const params = new URLSearchParams(await authorizeParams({ state: '"><script>alert(1)</script>' }));
		const response = await org.handle(new Request(`${TEST_ORG_URL}/services/oauth2/authorize?${params}`));
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/html');
		expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
		const html = await response.text();
		expect(html).not.toContain('<script>');
		expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('name="username"');
		expect(html).toContain('type="password"');
		expect(html).toContain('method="post"');
		const hinted = new URLSearchParams(await authorizeParams({ login_hint: 'admin@acme.test' }));
		const prefilled = await (
			await org.handle(new Request(`${TEST_ORG_URL}/services/oauth2/authorize?${hinted}`))
		).text();
		expect(prefilled).toContain('value="admin@acme.test"');
	});

	it('never redirects to an unknown client or an unregistered callback', async () => {
		const org = createTestOrg();
		for (const extra of [{ client_id: 'nobody' }, { redirect_uri: 'https://evil.example/cb' }] as Record<
			string,
			string
		>[]) {
			const params = new URLSearchParams(await authorizeParams(extra));
			const response = await org.handle(new Request(`${TEST_ORG_URL}/services/oauth2/authorize?${params}`));
			expect(response.status).toBe(400);
			expect(response.headers.get('location')).toBeNull();
		}
	});

	it('redirects with error and state when the PKCE challenge is missing', async () => {
		const org = createTestOrg();
		const params = new URLSearchParams(await authorizeParams());
		params.delete('code_challenge');
		params.delete('code_challenge_method');
		const response = await org.handle(new Request(`${TEST_ORG_URL}/services/oauth2/authorize?${params}`));
		const location = new URL(response.headers.get('location') ?? '');
		expect(location.origin + location.pathname).toBe(TEST_CALLBACK);
		expect(location.searchParams.get('error')).toBe('invalid_request');
		expect(location.searchParams.get('state')).toBe('state-1');
	});

	it('keeps the page on a wrong password and redirects access_denied on deny', async () => {
		const org = createTestOrg();
		const base = { ...(await authorizeParams()), username: TEST_USERS.admin.username };
		const wrong = await org.handle(
			post(`${TEST_ORG_URL}/services/oauth2/authorize`, { ...base, password: 'nope', decision: 'allow' })
		);
		expect(wrong.status).toBe(200);
		expect(await wrong.text()).toContain('check your username and password');
		const inactive = await org.handle(
			post(`${TEST_ORG_URL}/services/oauth2/authorize`, {
				...base,
				username: TEST_USERS.former.username,
				password: 'correct horse',
				decision: 'allow'
			})
		);
		expect(inactive.status).toBe(200);
		const denied = await org.handle(
			post(`${TEST_ORG_URL}/services/oauth2/authorize`, { ...base, decision: 'deny' })
		);
		const location = new URL(denied.headers.get('location') ?? '');
		expect(location.searchParams.get('error')).toBe('access_denied');
		expect(location.searchParams.get('state')).toBe('state-1');
	});

	it('redirects with code and state, and iss only when configured', async () => {
		const plain = await signIn(createTestOrg());
		expect(plain.searchParams.get('code')).toMatch(/^aPrx/);
		expect(plain.searchParams.get('state')).toBe('state-1');
		expect(plain.searchParams.has('iss')).toBe(false);
		const withIss = await signIn(createTestOrg({}, createOAuthHandler({ sendIssuer: true })));
		expect(withIss.searchParams.get('iss')).toBe(TEST_ORG_URL);
	});
});
