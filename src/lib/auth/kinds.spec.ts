import { describe, expect, it } from 'vitest';
import { toAppError } from '../core/errors';
import { DEMO_INSTANCE_URL } from '../emulator';
import { CREDENTIAL_KINDS, sessionHandlers, type KindCredential } from './kinds';
import { browserFetch, createTestEmulator, TEST_CLIENTS } from './testing';

const emulator = createTestEmulator();
const fetch = browserFetch(emulator);

function credentialOf(kind: KindCredential['kind']): KindCredential {
	return {
		id: 'cred-1',
		kind,
		clientId: TEST_CLIENTS.server,
		loginHost: { kind: 'mydomain', url: DEMO_INSTANCE_URL },
		username: ''
	};
}

describe('the credential kinds', () => {
	it('renews and revokes every kind but a pasted access token and the demo org', () => {
		const renewing = Object.keys(CREDENTIAL_KINDS).filter(
			(kind) => sessionHandlers({ credential: credentialOf(kind as KindCredential['kind']), fetch }).renew
		);
		const revoking = Object.keys(CREDENTIAL_KINDS).filter(
			(kind) => sessionHandlers({ credential: credentialOf(kind as KindCredential['kind']), fetch }).revoke
		);
		expect(renewing.sort()).toEqual(['client_credentials', 'jwt', 'password', 'pkce', 'refresh_token']);
		expect(revoking.sort()).toEqual(renewing.sort());
	});

	it('signs in from typed secrets except where Salesforce’s login page does it', () => {
		const typed = Object.entries(CREDENTIAL_KINDS).filter(([, kind]) => kind.signIn);
		expect(typed.map(([name]) => name).sort()).toEqual([
			'access_token',
			'client_credentials',
			'jwt',
			'password',
			'refresh_token'
		]);
	});

	it.each([
		['client_credentials', 'clientSecret'],
		['refresh_token', 'refreshToken'],
		['password', 'password']
	] as const)('%s without its secret names the missing field and calls no one', async (kind, field) => {
		const before = fetch.requests.length;
		const signIn = CREDENTIAL_KINDS[kind].signIn;
		const failure = await signIn?.({ credential: credentialOf(kind), fetch }, { [field]: '  ' }).catch(
			toAppError
		);
		expect(failure).toMatchObject({ code: 'INVALID_INPUT', field });
		expect(fetch.requests.length).toBe(before);
	});

	it('a renewal without its held secret asks to sign in again', async () => {
		const renew = sessionHandlers({ credential: credentialOf('client_credentials'), fetch }).renew;
		const tokens = {
			accessToken: 'a',
			refreshToken: null,
			instanceUrl: DEMO_INSTANCE_URL,
			issuedAt: 0,
			identityUrl: null,
			orgId: null,
			userId: null,
			scope: null
		};
		expect(await renew?.(tokens)).toMatchObject({ ok: false, error: { code: 'AUTH_SIGN_IN_AGAIN' } });
	});

	it('restores nothing from an empty sealed set, and seals nothing for the demo org', async () => {
		const none = { refreshToken: null, clientSecret: null, privateKey: null };
		for (const [name, kind] of Object.entries(CREDENTIAL_KINDS)) {
			const restored = await kind.restore?.(
				{ credential: credentialOf(name as KindCredential['kind']), fetch },
				none
			);
			expect(restored ?? null).toBeNull();
		}
		expect(CREDENTIAL_KINDS.demo.sealed).toEqual([]);
		expect(CREDENTIAL_KINDS.jwt.sealed).toContain('privateKey');
	});
});
