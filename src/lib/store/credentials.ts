/** Credential metadata on the page side (no secrets here: those stay encrypted or in the worker). */
import { demoCredential } from '../worker/connections';
import type { ConnectorDatabase } from './db';

/** Makes sure the built-in demo org credential exists; returns its id. */
export async function ensureDemoCredential(db: ConnectorDatabase, now = Date.now()): Promise<string> {
	const demo = demoCredential(now);
	if (!(await db.credentials.get(demo.id))) await db.credentials.put(demo);
	return demo.id;
}
