import { describe, expect, it } from 'vitest';
import { dateLiteralRange } from './dates';

/** Wednesday 2026-11-04 15:30 UTC. */
const now = Date.UTC(2026, 10, 4, 15, 30);
const day = 86_400_000;
const today = Date.UTC(2026, 10, 4);

describe('dateLiteralRange', () => {
	it('covers the single days', () => {
		expect(dateLiteralRange('TODAY', now)).toEqual([today, today + day]);
		expect(dateLiteralRange('YESTERDAY', now)).toEqual([today - day, today]);
		expect(dateLiteralRange('TOMORROW', now)).toEqual([today + day, today + 2 * day]);
	});

	it('covers weeks starting on Sunday, months, quarters and years', () => {
		const sunday = Date.UTC(2026, 10, 1);
		expect(dateLiteralRange('THIS_WEEK', now)).toEqual([sunday, sunday + 7 * day]);
		expect(dateLiteralRange('LAST_WEEK', now)).toEqual([sunday - 7 * day, sunday]);
		expect(dateLiteralRange('THIS_MONTH', now)).toEqual([Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)]);
		expect(dateLiteralRange('LAST_MONTH', now)).toEqual([Date.UTC(2026, 9, 1), Date.UTC(2026, 10, 1)]);
		expect(dateLiteralRange('NEXT_MONTH', now)).toEqual([Date.UTC(2026, 11, 1), Date.UTC(2027, 0, 1)]);
		expect(dateLiteralRange('THIS_QUARTER', now)).toEqual([Date.UTC(2026, 9, 1), Date.UTC(2027, 0, 1)]);
		expect(dateLiteralRange('NEXT_QUARTER', now)).toEqual([Date.UTC(2027, 0, 1), Date.UTC(2027, 3, 1)]);
		expect(dateLiteralRange('THIS_YEAR', now)).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)]);
		expect(dateLiteralRange('LAST_YEAR', now)).toEqual([Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1)]);
		expect(dateLiteralRange('THIS_FISCAL_YEAR', now)).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)]);
	});

	it('covers the N literals', () => {
		expect(dateLiteralRange('LAST_N_DAYS:7', now)).toEqual([today - 7 * day, today + day]);
		expect(dateLiteralRange('NEXT_N_DAYS:2', now)).toEqual([today + day, today + 3 * day]);
		expect(dateLiteralRange('LAST_90_DAYS', now)).toEqual(dateLiteralRange('LAST_N_DAYS:90', now));
		expect(dateLiteralRange('N_DAYS_AGO:3', now)).toEqual([today - 3 * day, today - 2 * day]);
		expect(dateLiteralRange('LAST_N_MONTHS:2', now)).toEqual([Date.UTC(2026, 8, 1), Date.UTC(2026, 10, 1)]);
		expect(dateLiteralRange('NEXT_N_YEARS:1', now)).toEqual([Date.UTC(2027, 0, 1), Date.UTC(2028, 0, 1)]);
		expect(dateLiteralRange('N_WEEKS_AGO:1', now)).toEqual(dateLiteralRange('LAST_WEEK', now));
		expect(dateLiteralRange('last_n_quarters:1', now)).toEqual([Date.UTC(2026, 6, 1), Date.UTC(2026, 9, 1)]);
	});

	it('knows nothing else', () => {
		expect(dateLiteralRange('SOMEDAY', now)).toBeNull();
		expect(dateLiteralRange('LAST_N_DAYS:x', now)).toBeNull();
		expect(dateLiteralRange('LAST_N_FORTNIGHTS:2', now)).toBeNull();
	});
});
