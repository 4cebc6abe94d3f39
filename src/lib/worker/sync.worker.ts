import * as Comlink from 'comlink';
import { TokenVault } from '../auth/vault';
import { createDatabase, type ConnectorDatabase } from '../store/db';
import { createWorkerApi } from './api';
import { SESSION_CHANNEL, SessionCustody } from './auth';

let database: ConnectorDatabase | null = null;
const db = () => (database ??= createDatabase());
const browserFetch = (request: Request) => fetch(request);

/** Tokens live here, in this worker's memory; tabs coordinate refreshes over a lock and a channel. */
const vault = new TokenVault({
	locks: navigator.locks,
	channel: new BroadcastChannel('salesforce-user-connector:tokens'),
	onTokens: (id, tokens) => void custody.tokensChanged(id, tokens).catch(() => undefined),
	onSignedOut: (id) => custody.dropSecrets(id)
});

/** Renewal secrets, remembered sessions, and the sessions other tabs' workers share with this one. */
const custody = new SessionCustody({
	database: db,
	fetch: browserFetch,
	vault,
	peers: new BroadcastChannel(SESSION_CHANNEL),
	locks: navigator.locks
});
void custody.restore().catch(() => []);

Comlink.expose(
	createWorkerApi({
		database: db,
		fetch: browserFetch,
		locks: navigator.locks,
		vault,
		tokens: custody
	})
);
