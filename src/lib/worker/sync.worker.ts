import * as Comlink from 'comlink';
import { SESSION_CHANNEL } from '../auth/sessions';
import { SessionCustody } from '../auth/custody';
import { createDatabase, type ConnectorDatabase } from '../store/db';
import { createWorkerApi } from './api';

let database: ConnectorDatabase | null = null;
const db = () => (database ??= createDatabase());
const browserFetch = (request: Request) => fetch(request);

/** Tokens live here, in this worker's memory; tabs coordinate refreshes and share sessions over a lock and a channel. */
const custody = new SessionCustody({
	database: db,
	fetch: browserFetch,
	channel: new BroadcastChannel(SESSION_CHANNEL),
	locks: navigator.locks
});
void custody.restore().catch(() => []);

Comlink.expose(createWorkerApi({ database: db, fetch: browserFetch, locks: navigator.locks, custody }));
