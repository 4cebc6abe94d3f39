import * as Comlink from 'comlink';
import { appError, AppFailure } from '../core/errors';
import { TokenVault } from '../auth/vault';
import { createDatabase, type ConnectorDatabase } from '../store/db';
import { createWorkerApi } from './api';

let database: ConnectorDatabase | null = null;
const db = () => (database ??= createDatabase());

/** Tokens live here, in this worker's memory; tabs coordinate refreshes over a lock and a channel. */
const vault = new TokenVault({
	locks: navigator.locks,
	channel: new BroadcastChannel('salesforce-user-connector:tokens')
});

Comlink.expose(
	createWorkerApi({
		database: db,
		fetch: (request) => fetch(request),
		locks: navigator.locks,
		vault,
		tokens: {
			async session(credentialId) {
				const tokens = vault.tokens(credentialId);
				const credential = await db().credentials.get(credentialId);
				if (!tokens || !credential)
					throw new AppFailure(
						appError('AUTH_SIGN_IN_AGAIN', 'This credential is not signed in. Open Credentials and sign in.')
					);
				return {
					accessToken: tokens.accessToken,
					instanceUrl: tokens.instanceUrl,
					apiVersion: credential.apiVersion ?? '66.0'
				};
			},
			refresh: (credentialId, stale) => vault.refresh(credentialId, stale)
		}
	})
);
