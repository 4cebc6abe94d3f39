import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type ConnectorDatabase } from './db';
import { getSetting, putSetting, SETTING_DEFAULTS } from './settings';

let db: ConnectorDatabase;

beforeEach(() => {
	db = createDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
});

describe('settings', () => {
	it('reads the default before a setting is saved, and what was saved after', async () => {
		expect(await getSetting(db, 'keepRuns')).toBe(SETTING_DEFAULTS.keepRuns);
		await putSetting(db, 'keepRuns', 12);
		expect(await getSetting(db, 'keepRuns')).toBe(12);
		await putSetting(db, 'savedLogFilters', [{ name: 'failed', query: 'status = failure' }]);
		expect(await getSetting(db, 'savedLogFilters')).toEqual([{ name: 'failed', query: 'status = failure' }]);
	});

	it('reads a stored value of the wrong shape as the default, and fills what an older value lacks', async () => {
		await db.settings.put({ key: 'keepRuns', value: 'many' });
		expect(await getSetting(db, 'keepRuns')).toBe(SETTING_DEFAULTS.keepRuns);
		await db.settings.put({ key: 'demoOrg', value: { users: 42 } });
		expect(await getSetting(db, 'demoOrg')).toEqual({ users: 42, changes: [] });
		const defaults = await getSetting(db, 'savedLogFilters');
		defaults.push({ name: 'x', query: 'y' });
		expect(SETTING_DEFAULTS.savedLogFilters).toEqual([]);
	});
});
