import { describe, expect, it } from 'vitest';
import type { Schedule } from './model';
import { describeSchedule, dueConnectors, latestSlot, nextRunTime } from './schedule';

/** A local time, so the tests hold in any time zone. */
const at = (year: number, month: number, day: number, hours = 0, minutes = 0) =>
	new Date(year, month - 1, day, hours, minutes, 0, 0).getTime();

const hourly: Schedule = { kind: 'hourly', everyHours: 1 };
const everySix: Schedule = { kind: 'hourly', everyHours: 6 };
const daily: Schedule = { kind: 'daily', at: '06:30' };
// 2026-11-16 is a Monday.
const weekly: Schedule = { kind: 'weekly', days: [1, 4], at: '22:00' };

describe('nextRunTime', () => {
	it('has no next run for a manual schedule', () => {
		expect(nextRunTime({ kind: 'manual' }, at(2026, 11, 16, 10))).toBeNull();
	});

	it('runs hourly schedules on the hour, strictly after the given moment', () => {
		expect(nextRunTime(hourly, at(2026, 11, 16, 10, 15))).toBe(at(2026, 11, 16, 11));
		expect(nextRunTime(hourly, at(2026, 11, 16, 11))).toBe(at(2026, 11, 16, 12));
		expect(nextRunTime(hourly, at(2026, 11, 16, 23, 30))).toBe(at(2026, 11, 17, 0));
	});

	it('spaces "every N hours" from local midnight', () => {
		expect(nextRunTime(everySix, at(2026, 11, 16, 7))).toBe(at(2026, 11, 16, 12));
		expect(nextRunTime(everySix, at(2026, 11, 16, 19))).toBe(at(2026, 11, 17, 0));
	});

	it('runs daily at the time of day, today or tomorrow', () => {
		expect(nextRunTime(daily, at(2026, 11, 16, 6))).toBe(at(2026, 11, 16, 6, 30));
		expect(nextRunTime(daily, at(2026, 11, 16, 6, 30))).toBe(at(2026, 11, 17, 6, 30));
	});

	it('runs weekly on the chosen days only, wrapping to next week', () => {
		expect(nextRunTime(weekly, at(2026, 11, 16, 9))).toBe(at(2026, 11, 16, 22));
		expect(nextRunTime(weekly, at(2026, 11, 16, 23))).toBe(at(2026, 11, 19, 22));
		expect(nextRunTime(weekly, at(2026, 11, 20, 8))).toBe(at(2026, 11, 23, 22));
	});
});

describe('latestSlot', () => {
	it('finds the slot at or before now', () => {
		expect(latestSlot(hourly, at(2026, 11, 16, 10, 59))).toBe(at(2026, 11, 16, 10));
		expect(latestSlot(daily, at(2026, 11, 16, 6))).toBe(at(2026, 11, 15, 6, 30));
		expect(latestSlot(weekly, at(2026, 11, 18, 12))).toBe(at(2026, 11, 16, 22));
		expect(latestSlot({ kind: 'manual' }, at(2026, 11, 18, 12))).toBeNull();
	});
});

/** A last-run lookup over [connectorId, time] pairs. */
const lookup = (entries: [string, number][]) => (id: string) => entries.find(([key]) => key === id)?.[1];

describe('dueConnectors', () => {
	const created = at(2026, 11, 1);
	const connector = (id: string, schedule: Schedule, active = true) => ({
		id,
		schedule,
		active,
		createdAt: created
	});

	it('is due when the latest slot is after the last run', () => {
		const now = at(2026, 11, 16, 10, 5);
		const due = dueConnectors([connector('a', hourly)], lookup([['a', at(2026, 11, 16, 9, 0)]]), now);
		expect(due).toEqual([{ connectorId: 'a', slot: at(2026, 11, 16, 10) }]);
	});

	it('is not due again once a run started at or after the slot', () => {
		const now = at(2026, 11, 16, 10, 40);
		expect(dueConnectors([connector('a', hourly)], lookup([['a', at(2026, 11, 16, 10, 0)]]), now)).toEqual(
			[]
		);
	});

	it('catches up many missed slots once, with the latest slot', () => {
		const lastRun = at(2026, 11, 13, 10);
		const now = at(2026, 11, 16, 10, 5);
		const due = dueConnectors([connector('a', hourly)], lookup([['a', lastRun]]), now);
		expect(due).toHaveLength(1);
		expect(due[0].slot).toBe(at(2026, 11, 16, 10));
		const afterCatchUp = dueConnectors([connector('a', hourly)], lookup([['a', now]]), now + 60_000);
		expect(afterCatchUp).toEqual([]);
	});

	it('skips manual and inactive connectors, and slots before the connector existed', () => {
		const now = at(2026, 11, 16, 10, 5);
		const fresh = { ...connector('c', hourly), createdAt: at(2026, 11, 16, 10, 1) };
		expect(
			dueConnectors(
				[connector('a', { kind: 'manual' }), connector('b', hourly, false), fresh],
				lookup([]),
				now
			)
		).toEqual([]);
	});

	it('is due for a never-run connector whose slot passed after it was created', () => {
		const now = at(2026, 11, 16, 7);
		expect(dueConnectors([connector('a', daily)], lookup([]), now)).toEqual([
			{ connectorId: 'a', slot: at(2026, 11, 16, 6, 30) }
		]);
	});
});

describe('describeSchedule', () => {
	it('says the schedule in words', () => {
		expect(describeSchedule({ kind: 'manual' })).toBe('Manual only');
		expect(describeSchedule(hourly)).toBe('Every hour');
		expect(describeSchedule(everySix)).toBe('Every 6 hours');
		expect(describeSchedule(daily)).toBe('Daily at 06:30');
		expect(describeSchedule({ kind: 'weekly', days: [4, 1], at: '22:00' })).toBe('Mon, Thu at 22:00');
	});
});
