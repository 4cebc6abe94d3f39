/**
 * The page side of the offline shell: registers the service worker (src/service-worker.ts), notices when
 * a newly deployed version has installed and waits, and on "Reload" lets it take over and reloads once.
 * The browser looks for a new version on each navigation; the page also asks when it becomes visible.
 */
import { dev } from '$app/environment';

/** Whether a new version is ready, and the way to switch to it. */
class AppUpdate {
	available = $state(false);
	#waiting: ServiceWorker | null = null;
	#reloading = false;

	/** Registers the service worker and starts watching for new versions (once per page). */
	async start(): Promise<void> {
		if (!('serviceWorker' in navigator)) return;
		const container = navigator.serviceWorker;
		container.addEventListener('controllerchange', () => {
			if (this.#reloading) location.reload();
		});
		const registration = await container.register('/service-worker.js', {
			type: dev ? 'module' : 'classic'
		});
		if (registration.waiting && container.controller) this.#offer(registration.waiting);
		registration.addEventListener('updatefound', () => {
			const installing = registration.installing;
			installing?.addEventListener('statechange', () => {
				if (installing.state === 'installed' && container.controller) this.#offer(installing);
			});
		});
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') registration.update().catch(() => undefined);
		});
	}

	#offer(waiting: ServiceWorker): void {
		this.#waiting = waiting;
		this.available = true;
	}

	/** Activates the waiting version; the page reloads when it has taken over. */
	reload(): void {
		if (!this.#waiting) return;
		this.#reloading = true;
		this.#waiting.postMessage('skip-waiting');
	}
}

/** The app's one update watcher. */
export const appUpdate = new AppUpdate();
