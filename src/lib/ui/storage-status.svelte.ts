/**
 * The browser storage the app lives in: whether IndexedDB works, whether the origin's storage is
 * persisted (not cleared under pressure), and how much is used (Q25, Q27).
 */
import { formatBytes } from '../store/errors';

/** Reactive storage facts for the footer and the banner. */
export class StorageStatus {
	indexedDbAvailable = $state<boolean | null>(null);
	persisted = $state<boolean | null>(null);
	usage = $state<number | null>(null);
	quota = $state<number | null>(null);

	/** "12 MB of 2.1 GB", or null while unknown. */
	readonly summary = $derived(
		this.usage !== null && this.quota !== null
			? `${formatBytes(this.usage)} of ${formatBytes(this.quota)}`
			: null
	);

	/** Share of the quota in use (0–1), or null while unknown. */
	readonly fill = $derived(this.usage !== null && this.quota ? this.usage / this.quota : null);

	/** Reads the current state from the browser. */
	async refresh(): Promise<void> {
		this.indexedDbAvailable = await probeIndexedDb();
		const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
		this.persisted = storage?.persisted ? await storage.persisted().catch(() => false) : false;
		if (storage?.estimate) {
			const estimate = await storage.estimate().catch(() => ({}) as StorageEstimate);
			this.usage = estimate.usage ?? null;
			this.quota = estimate.quota ?? null;
		}
	}

	/** Asks the browser to keep the app's data (called on first real use); returns whether it agreed. */
	async requestPersistence(): Promise<boolean> {
		const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
		if (!storage?.persist) return false;
		this.persisted = await storage.persist().catch(() => false);
		return this.persisted;
	}
}

/** Opens and deletes a throw-away database to learn whether IndexedDB works here. */
function probeIndexedDb(): Promise<boolean> {
	return new Promise((resolve) => {
		try {
			const request = indexedDB.open('salesforce-user-connector-probe');
			request.onsuccess = () => {
				request.result.close();
				indexedDB.deleteDatabase('salesforce-user-connector-probe');
				resolve(true);
			};
			request.onerror = () => resolve(false);
			request.onblocked = () => resolve(true);
		} catch {
			resolve(false);
		}
	});
}

/** The app's one StorageStatus. */
export const storageStatus = new StorageStatus();
