import { describe, expect, it } from 'vitest';
import { createTestOrg, TEST_ORG_URL } from './test-org';
import { post } from './testing';

describe('CORS on OAuth endpoints', () => {
	const origin = { Origin: 'https://app.example' };
	const tokenRequest = (host: string) =>
		post(
			`${host}/services/oauth2/token`,
			{ grant_type: 'refresh_token', refresh_token: 'x', client_id: 'pkce-app' },
			origin
		);

	it('answers the browser on the My Domain when the switch is on', async () => {
		const response = await createTestOrg().handle(tokenRequest(TEST_ORG_URL));
		expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
	});

	it('stays closed with the switch off and on login.salesforce.com', async () => {
		const off = await createTestOrg({ oauthCors: false }).handle(tokenRequest(TEST_ORG_URL));
		expect(off.headers.get('access-control-allow-origin')).toBeNull();
		const login = await createTestOrg().handle(tokenRequest('https://login.salesforce.com'));
		expect(login.headers.get('access-control-allow-origin')).toBeNull();
	});

	it('applies the allowlist to userinfo and nothing to the authorize page', async () => {
		const org = createTestOrg();
		const listed = await org.handle(
			new Request(`${TEST_ORG_URL}/services/oauth2/userinfo`, { headers: origin })
		);
		expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example');
		const stranger = await org.handle(
			new Request(`${TEST_ORG_URL}/services/oauth2/userinfo`, { headers: { Origin: 'https://evil.example' } })
		);
		expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
	});
});
