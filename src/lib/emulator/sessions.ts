import type { EmulatorRefreshGrant, EmulatorSession, SessionStore } from './types';

/** How a session store is set up. */
export interface SessionStoreOptions {
	orgId: string;
	now(): number;
	/** Session timeout of the org; a session used in the second half of its life is extended. */
	lifetimeMs: number;
}

/** A session store that can also mint a session with a token chosen by the caller (tests, demo org). */
export interface EmulatorSessionStore extends SessionStore {
	issue(input: {
		userId: string;
		clientId: string;
		scope: string;
		refreshToken?: string | null;
		accessToken?: string;
	}): EmulatorSession;
	/** Ends every access token but keeps refresh tokens, as when sessions time out: clients must refresh. */
	expireAccessTokens(): void;
	/** Number of live access tokens. */
	readonly size: number;
}

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';

/** Random text over the token alphabet, `length` characters long. */
export function randomTokenText(length: number): string {
	const bytes = new Uint8Array(length);
	crypto.getRandomValues(bytes);
	let text = '';
	for (const byte of bytes) text += TOKEN_ALPHABET[byte & 63];
	return text;
}

/** Creates the store of access and refresh tokens of one emulated org. */
export function createSessionStore(options: SessionStoreOptions): EmulatorSessionStore {
	const sessions = new Map<string, EmulatorSession>();
	const grants = new Map<string, EmulatorRefreshGrant>();
	const orgPrefix = options.orgId.slice(0, 15);

	const isExpired = (session: EmulatorSession, now: number) => session.expiresAt <= now;

	return {
		get size() {
			const now = options.now();
			let live = 0;
			for (const session of sessions.values()) if (!isExpired(session, now)) live++;
			return live;
		},
		issue(input) {
			const issuedAt = options.now();
			const session: EmulatorSession = {
				accessToken: input.accessToken ?? `${orgPrefix}!${randomTokenText(96)}`,
				refreshToken: input.refreshToken ?? null,
				userId: input.userId,
				orgId: options.orgId,
				clientId: input.clientId,
				scope: input.scope,
				issuedAt,
				expiresAt: issuedAt + options.lifetimeMs
			};
			sessions.set(session.accessToken, session);
			return session;
		},
		lookup(accessToken) {
			const session = sessions.get(accessToken);
			if (!session) return null;
			const now = options.now();
			if (isExpired(session, now)) {
				sessions.delete(accessToken);
				return null;
			}
			if (session.expiresAt - now < options.lifetimeMs / 2) session.expiresAt = now + options.lifetimeMs;
			return session;
		},
		issueRefresh(input) {
			const grant: EmulatorRefreshGrant = {
				refreshToken: `5Aep861${randomTokenText(80)}`,
				userId: input.userId,
				clientId: input.clientId,
				scope: input.scope,
				revoked: false
			};
			grants.set(grant.refreshToken, grant);
			return grant;
		},
		lookupRefresh(refreshToken) {
			const grant = grants.get(refreshToken);
			return grant && !grant.revoked ? grant : null;
		},
		revoke(token) {
			if (sessions.delete(token)) return true;
			const grant = grants.get(token);
			if (!grant || grant.revoked) return false;
			grant.revoked = true;
			for (const [accessToken, session] of sessions) {
				if (session.refreshToken === token) sessions.delete(accessToken);
			}
			return true;
		},
		expireAccessTokens() {
			sessions.clear();
		},
		revokeAll() {
			sessions.clear();
			for (const grant of grants.values()) grant.revoked = true;
		}
	};
}
