/**
 * Sign-ins in progress (authorization code + PKCE) in the pendingAuth table, between the redirect to
 * Salesforce and the callback.
 */
import type { PendingAuthorization, PendingAuthStore, UsedAuthorization } from '../auth/pkce';
import type { ConnectorDatabase } from './db';

/** A PendingAuthStore over the pendingAuth table: the entry is taken out (deleted) when the callback reads it. */
export function databasePendingStore(
	database: () => ConnectorDatabase,
	now: () => number = Date.now
): PendingAuthStore {
	return {
		async put(state, data) {
			await database().pendingAuth.put({ state, createdAt: now(), data });
		},
		take(state) {
			const db = database();
			return db.transaction('rw', db.pendingAuth, async () => {
				const row = await db.pendingAuth.get(state);
				await db.pendingAuth.delete(state);
				return (row?.data as PendingAuthorization | UsedAuthorization | undefined) ?? null;
			});
		}
	};
}
