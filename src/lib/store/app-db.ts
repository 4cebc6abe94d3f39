/**
 * The page's connection to the database (reads with liveQuery, config writes). The worker opens its
 * own connection to the same database for runs.
 */
import { createDatabase, type ConnectorDatabase } from './db';

let database: ConnectorDatabase | null = null;
const versionChangeListeners = new Set<() => void>();

/** The page's database, opened on first use. */
export function appDb(): ConnectorDatabase {
	database ??= createDatabase({
		onVersionChange: () => versionChangeListeners.forEach((listener) => listener())
	});
	return database;
}

/** Calls `listener` when another tab upgrades the schema and this page must reload; returns an unsubscribe. */
export function onDatabaseVersionChange(listener: () => void): () => void {
	versionChangeListeners.add(listener);
	return () => versionChangeListeners.delete(listener);
}
