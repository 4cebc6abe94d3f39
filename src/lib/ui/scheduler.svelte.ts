/**
 * Scheduled runs while the app is open: one tab of the origin leads (a Web Lock held for as long as the
 * tab lives; when it closes another tab takes over), ticks about every 30 seconds, and starts the active
 * connectors whose slot has come, catching up missed slots once. A failed scheduled run raises an in-app
 * notice, and a browser notification when the person allowed them.
 */
import { SvelteMap } from 'svelte/reactivity';
import { dueConnectors } from '../core/schedule';
import { appDb } from '../store/app-db';
import { runController } from './run-controller.svelte';

/** How often the leading tab looks for due connectors. */
const SCHEDULER_TICK_MS = 30_000;
const WATCH_MS = 2_000;
const LOCK_NAME = 'salesforce-user-connector:scheduler';

/** A message about a scheduled run that went wrong. */
export interface RunNotice {
	id: string;
	runId: string | null;
	connectorName: string;
	message: string;
	time: number;
}

/** The tab's scheduler (it runs only while this tab leads). */
export class Scheduler {
	notices = $state<RunNotice[]>([]);
	leading = $state(false);
	private running = false;
	private release: (() => void) | null = null;
	private timers: ReturnType<typeof setInterval>[] = [];
	private startedSlots = new SvelteMap<string, number>();
	private watched = new SvelteMap<string, string>();

	/** Starts competing for leadership; the leading tab ticks until `stop()` or until it closes. */
	start(): void {
		if (this.running || typeof navigator === 'undefined' || !navigator.locks) return;
		this.running = true;
		void navigator.locks.request(LOCK_NAME, () => {
			if (!this.running) return;
			this.leading = true;
			void this.tick();
			this.timers = [
				setInterval(() => void this.tick(), SCHEDULER_TICK_MS),
				setInterval(() => this.watch(), WATCH_MS)
			];
			return new Promise<void>((resolve) => (this.release = resolve));
		});
	}

	/** Stops ticking and gives leadership to another tab. */
	stop(): void {
		this.running = false;
		this.leading = false;
		this.timers.forEach((timer) => clearInterval(timer));
		this.timers = [];
		this.release?.();
		this.release = null;
	}

	/** Removes a notice. */
	dismiss(id: string): void {
		this.notices = this.notices.filter((notice) => notice.id !== id);
	}

	/** Starts every due connector once for its slot. */
	async tick(now = Date.now()): Promise<void> {
		const db = appDb();
		const connectors = await db.connectors.toArray();
		const lastRuns = await Promise.all(
			connectors.map((connector) =>
				db.runs
					.where('[connectorId+time]')
					.between([connector.id, -Infinity], [connector.id, Infinity])
					.last()
			)
		);
		const lastRunTime = (connectorId: string) =>
			lastRuns.find((run) => run?.connectorId === connectorId)?.time;
		for (const due of dueConnectors(connectors, lastRunTime, now)) {
			if (this.startedSlots.get(due.connectorId) === due.slot) continue;
			this.startedSlots.set(due.connectorId, due.slot);
			const name = connectors.find((connector) => connector.id === due.connectorId)?.name ?? due.connectorId;
			const started = await runController.start(due.connectorId, 'schedule');
			if (started.ok) this.watched.set(started.value, name);
			else if (started.error.code !== 'RUN_ALREADY_RUNNING')
				this.notify(null, name, `The scheduled run could not start: ${started.error.message}`);
		}
		this.watch();
	}

	private watch(): void {
		for (const [runId, name] of this.watched) {
			const live = runController.live[runId];
			if (!live || (live.final === null && live.error === null)) continue;
			this.watched.delete(runId);
			if (live.error) this.notify(runId, name, live.error.message);
			else if (live.final?.status === 'failure') this.notify(runId, name, live.final.description);
		}
	}

	private notify(runId: string | null, connectorName: string, message: string): void {
		const notice = { id: crypto.randomUUID(), runId, connectorName, message, time: Date.now() };
		this.notices = [...this.notices, notice];
		if (typeof Notification !== 'undefined' && Notification.permission === 'granted')
			new Notification(`Scheduled run of ${connectorName} failed`, {
				body: message,
				tag: runId ?? notice.id
			});
	}
}

/** The app's one scheduler. */
export const scheduler = new Scheduler();
