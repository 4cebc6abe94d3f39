/**
 * When connectors run by themselves: the slots of a schedule in local time, the next one after a moment,
 * and which connectors are due now. A connector that missed several slots while the app was closed is due
 * once (its latest missed slot), not once per slot.
 */
import type { Connector, Schedule } from './model';

/** How far ahead and back slot searches look: weekly schedules repeat within 8 days. */
const SEARCH_DAYS = 8;

function parseTimeOfDay(at: string): { hours: number; minutes: number } {
	const [hours, minutes] = at.split(':').map(Number);
	return { hours, minutes };
}

function startOfLocalDay(time: number, dayOffset: number): Date {
	const day = new Date(time);
	day.setHours(0, 0, 0, 0);
	day.setDate(day.getDate() + dayOffset);
	return day;
}

/** The slots of a schedule on the local day of `time` shifted by `dayOffset` days, in increasing order. */
function slotsOnDay(schedule: Schedule, time: number, dayOffset: number): number[] {
	const day = startOfLocalDay(time, dayOffset);
	switch (schedule.kind) {
		case 'manual':
			return [];
		case 'hourly': {
			const slots: number[] = [];
			for (let hour = 0; hour < 24; hour += schedule.everyHours) {
				const slot = new Date(day);
				slot.setHours(hour, 0, 0, 0);
				slots.push(slot.getTime());
			}
			return slots;
		}
		case 'daily':
		case 'weekly': {
			if (schedule.kind === 'weekly' && !schedule.days.includes(day.getDay())) return [];
			const { hours, minutes } = parseTimeOfDay(schedule.at);
			day.setHours(hours, minutes, 0, 0);
			return [day.getTime()];
		}
	}
}

/** The first slot strictly after `after` (epoch ms), or null for a manual schedule. */
export function nextRunTime(schedule: Schedule, after: number): number | null {
	for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
		const slot = slotsOnDay(schedule, after, offset).find((candidate) => candidate > after);
		if (slot !== undefined) return slot;
	}
	return null;
}

/** The latest slot at or before `now`, or null when there is none in the last eight days. */
export function latestSlot(schedule: Schedule, now: number): number | null {
	for (let offset = 0; offset >= -SEARCH_DAYS; offset--) {
		const slots = slotsOnDay(schedule, now, offset).filter((candidate) => candidate <= now);
		if (slots.length > 0) return slots[slots.length - 1];
	}
	return null;
}

/** A connector due to run, with the slot it runs for. */
export interface DueConnector {
	connectorId: string;
	slot: number;
}

/** What `dueConnectors` needs of a connector. */
export type SchedulableConnector = Pick<Connector, 'id' | 'active' | 'schedule' | 'createdAt'>;

/**
 * The active scheduled connectors whose latest slot (at or before `now`) is later than both their last
 * run's start and their creation. `lastRunTime` gives the start of a connector's newest run, if any.
 * Each connector appears at most once, however many slots it missed.
 */
export function dueConnectors(
	connectors: readonly SchedulableConnector[],
	lastRunTime: (connectorId: string) => number | undefined,
	now: number
): DueConnector[] {
	const due: DueConnector[] = [];
	for (const connector of connectors) {
		if (!connector.active || connector.schedule.kind === 'manual') continue;
		const slot = latestSlot(connector.schedule, now);
		if (slot === null) continue;
		const since = Math.max(connector.createdAt, lastRunTime(connector.id) ?? -Infinity);
		if (slot > since) due.push({ connectorId: connector.id, slot });
	}
	return due;
}

/** A schedule in words, e.g. "Every 2 hours", "Daily at 06:30", "Mon, Thu at 22:00". */
export function describeSchedule(schedule: Schedule): string {
	switch (schedule.kind) {
		case 'manual':
			return 'Manual only';
		case 'hourly':
			return schedule.everyHours === 1 ? 'Every hour' : `Every ${schedule.everyHours} hours`;
		case 'daily':
			return `Daily at ${schedule.at}`;
		case 'weekly': {
			const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
			const days = [...schedule.days].sort((a, b) => a - b).map((day) => names[day]);
			return `${days.join(', ')} at ${schedule.at}`;
		}
	}
}
