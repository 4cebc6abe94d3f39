import { describe, expect, it } from 'vitest';
import { createSessionStore } from './sessions';

const ORG_ID = '00DEM0000000001AAA';

function storeAt(start = 1_000_000, lifetimeMs = 60_000) {
	let now = start;
	const store = createSessionStore({ orgId: ORG_ID, now: () => now, lifetimeMs });
	return { store, advance: (ms: number) => (now += ms) };
}

describe('session store', () => {
	it('issues Salesforce-shaped access tokens that look up to their session', () => {
		const { store } = storeAt();
		const session = store.issue({ userId: '005A', clientId: 'app', scope: 'api' });
		expect(session.accessToken).toMatch(/^00DEM0000000001!\S{96}$/);
		expect(session.orgId).toBe(ORG_ID);
		expect(session.expiresAt - session.issuedAt).toBe(60_000);
		expect(store.lookup(session.accessToken)).toEqual(session);
		expect(store.lookup('00Dunknown!x')).toBeNull();
	});

	it('keeps a caller-chosen token', () => {
		const { store } = storeAt();
		store.issue({ userId: '005A', clientId: 'app', scope: 'api', accessToken: 'fixed-token' });
		expect(store.lookup('fixed-token')?.userId).toBe('005A');
	});

	it('expires an unused session after its lifetime and extends one used in its second half', () => {
		const { store, advance } = storeAt();
		const idle = store.issue({ userId: '005A', clientId: 'app', scope: 'api' });
		const busy = store.issue({ userId: '005B', clientId: 'app', scope: 'api' });
		advance(40_000);
		expect(store.lookup(busy.accessToken)).not.toBeNull();
		advance(20_000);
		expect(store.lookup(idle.accessToken)).toBeNull();
		expect(store.lookup(busy.accessToken)).not.toBeNull();
		expect(store.size).toBe(1);
		advance(60_000);
		expect(store.lookup(busy.accessToken)).toBeNull();
	});

	it('revokes an access token alone, or a refresh token with every access token it minted', () => {
		const { store } = storeAt();
		const grant = store.issueRefresh({ userId: '005A', clientId: 'app', scope: 'api refresh_token' });
		expect(grant.refreshToken).toMatch(/^5Aep861/);
		expect(store.lookupRefresh(grant.refreshToken)).toEqual(grant);
		const minted = store.issue({
			userId: '005A',
			clientId: 'app',
			scope: 'api',
			refreshToken: grant.refreshToken
		});
		const other = store.issue({ userId: '005A', clientId: 'app', scope: 'api' });
		const loose = store.issue({ userId: '005A', clientId: 'app', scope: 'api' });
		expect(store.revoke(loose.accessToken)).toBe(true);
		expect(store.lookup(loose.accessToken)).toBeNull();
		expect(store.revoke(grant.refreshToken)).toBe(true);
		expect(store.lookupRefresh(grant.refreshToken)).toBeNull();
		expect(store.lookup(minted.accessToken)).toBeNull();
		expect(store.lookup(other.accessToken)).not.toBeNull();
		expect(store.revoke(grant.refreshToken)).toBe(false);
		expect(store.revoke('nothing')).toBe(false);
	});

	it('expires every access token while refresh tokens stay usable', () => {
		const { store } = storeAt();
		const grant = store.issueRefresh({ userId: '005A', clientId: 'app', scope: 'api' });
		const session = store.issue({
			userId: '005A',
			clientId: 'app',
			scope: 'api',
			refreshToken: grant.refreshToken
		});
		store.expireAccessTokens();
		expect(store.lookup(session.accessToken)).toBeNull();
		expect(store.lookupRefresh(grant.refreshToken)).toEqual(grant);
	});

	it('revokes everything at once', () => {
		const { store } = storeAt();
		const grant = store.issueRefresh({ userId: '005A', clientId: 'app', scope: 'api' });
		const session = store.issue({ userId: '005A', clientId: 'app', scope: 'api' });
		store.revokeAll();
		expect(store.lookup(session.accessToken)).toBeNull();
		expect(store.lookupRefresh(grant.refreshToken)).toBeNull();
	});
});
