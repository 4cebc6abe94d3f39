import * as Comlink from 'comlink';
import { createDatabase, type ConnectorDatabase } from '../store/db';
import { createWorkerApi } from './api';

let database: ConnectorDatabase | null = null;

Comlink.expose(
	createWorkerApi({
		database: () => (database ??= createDatabase())
	})
);
