/**
 * The app's settings, typed: each key with its schema and default. A stored value that is missing or no
 * longer fits its schema reads as the default (settings are never worth failing over).
 */
import * as v from 'valibot';
import { DEFAULT_DEMO_USERS, type DemoSettings } from '../demo';
import type { ConnectorDatabase } from './db';

/** A named Runs-page filter. */
export interface SavedFilter {
	name: string;
	query: string;
}

/** Every setting and its type. */
export interface Settings {
	/** How many runs per connector keep their results (logs are always kept). */
	keepRuns: number;
	/** The demo org's size and the changes applied to it. */
	demoOrg: DemoSettings;
	/** The Runs page's saved filters. */
	savedLogFilters: SavedFilter[];
}

/** The value of each setting before it is first saved. */
export const SETTING_DEFAULTS: Readonly<Settings> = {
	keepRuns: 5,
	demoOrg: { users: DEFAULT_DEMO_USERS, changes: [] },
	savedLogFilters: []
};

const count = v.optional(v.number());
const SCHEMAS: { [K in keyof Settings]: v.GenericSchema<unknown, Settings[K]> } = {
	keepRuns: v.pipe(v.number(), v.integer(), v.minValue(1)),
	demoOrg: v.object({
		users: v.optional(v.number(), SETTING_DEFAULTS.demoOrg.users),
		changes: v.optional(v.array(v.object({ added: count, removed: count, changed: count })), [])
	}),
	savedLogFilters: v.array(v.object({ name: v.string(), query: v.string() }))
};

/** Reads a setting (its default when unset or unreadable). */
export async function getSetting<K extends keyof Settings>(
	db: ConnectorDatabase,
	key: K
): Promise<Settings[K]> {
	const stored = await db.settings.get(key);
	const schema: v.GenericSchema<unknown, Settings[K]> = SCHEMAS[key];
	const parsed = v.safeParse(schema, stored?.value);
	return parsed.success ? (parsed.output as Settings[K]) : structuredClone(SETTING_DEFAULTS[key]);
}

/** Saves a setting. */
export async function putSetting<K extends keyof Settings>(
	db: ConnectorDatabase,
	key: K,
	value: Settings[K]
): Promise<void> {
	await db.settings.put({ key, value });
}
