/**
 * The built-in demo org: the emulator running in this worker, answering the demo instance URL with no
 * network. Its size and the changes made to it between runs are settings, so a reload finds the same org.
 */
import type { FetchLike } from '../core/salesforce';
import type { ConnectorDatabase } from '../store/db';
import { DEMO_URL, type DemoChange, type DemoSettings } from '../demo';
import { getSetting, putSetting } from '../store/settings';

/** What a connection to the demo org needs. */
export interface DemoHandle {
	fetch: FetchLike;
	instanceUrl: string;
	accessToken: string;
	orgId: string;
}

/** Keeps one demo org per worker, rebuilt when its settings change. */
export function createDemoOrg(db: () => ConnectorDatabase) {
	let current: Promise<DemoHandle & { apply(change: DemoChange): void }> | null = null;

	async function settings(): Promise<DemoSettings> {
		return getSetting(db(), 'demoOrg');
	}

	async function build() {
		const { createEmulator } = await import('../emulator');
		const { createDemoFetch } = await import('../emulator/demo-transport');
		const { users, changes } = await settings();
		const emulator = createEmulator({ users, seed: 1, instanceUrl: DEMO_URL });
		for (const change of changes) emulator.org.applyChanges(change);
		const demoFetch = createDemoFetch(emulator);
		return {
			fetch: (request: Request) => demoFetch(request),
			instanceUrl: DEMO_URL,
			accessToken: emulator.adminToken,
			orgId: emulator.org.orgId,
			apply: (change: DemoChange) => emulator.org.applyChanges(change)
		};
	}

	return {
		/** The demo org, created on first use. */
		get(): Promise<DemoHandle> {
			current ??= build();
			return current;
		},
		/** The demo org's size and the changes applied to it. */
		settings,
		/** Sets the number of users (10 to 3,000,000); the org is rebuilt from scratch, with no changes. */
		async resize(users: number): Promise<DemoSettings> {
			const next = { users: Math.max(10, Math.min(3_000_000, Math.round(users))), changes: [] };
			await putSetting(db(), 'demoOrg', next);
			current = null;
			return next;
		},
		/** Adds, removes and changes users, as a real org changes between two syncs. */
		async applyChange(change: DemoChange): Promise<DemoSettings> {
			const stored = await settings();
			const next = { ...stored, changes: [...stored.changes, change] };
			await putSetting(db(), 'demoOrg', next);
			if (current) (await current).apply(change);
			return next;
		}
	};
}
