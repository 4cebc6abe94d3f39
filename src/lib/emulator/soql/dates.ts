/** SOQL date literals (TODAY, LAST_N_DAYS:n, THIS_MONTH…) as UTC ranges [start, end) around "now". */

const DAY = 86_400_000;
type Unit = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

function startOf(time: number, unit: Unit): number {
	const date = new Date(time);
	const year = date.getUTCFullYear();
	const month = date.getUTCMonth();
	const day = Date.UTC(year, month, date.getUTCDate());
	if (unit === 'DAY') return day;
	if (unit === 'WEEK') return day - date.getUTCDay() * DAY;
	if (unit === 'MONTH') return Date.UTC(year, month, 1);
	if (unit === 'QUARTER') return Date.UTC(year, month - (month % 3), 1);
	return Date.UTC(year, 0, 1);
}

function add(time: number, unit: Unit, count: number): number {
	if (unit === 'DAY') return time + count * DAY;
	if (unit === 'WEEK') return time + count * 7 * DAY;
	const date = new Date(time);
	const months = unit === 'MONTH' ? count : unit === 'QUARTER' ? count * 3 : count * 12;
	return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
}

const UNITS: Record<string, Unit> = {
	DAY: 'DAY',
	DAYS: 'DAY',
	WEEK: 'WEEK',
	WEEKS: 'WEEK',
	MONTH: 'MONTH',
	MONTHS: 'MONTH',
	QUARTER: 'QUARTER',
	QUARTERS: 'QUARTER',
	YEAR: 'YEAR',
	YEARS: 'YEAR',
	FISCAL_QUARTER: 'QUARTER',
	FISCAL_QUARTERS: 'QUARTER',
	FISCAL_YEAR: 'YEAR',
	FISCAL_YEARS: 'YEAR'
};

/** The range a date literal covers at `now`, or null when the literal is unknown. Fiscal = calendar here. */
export function dateLiteralRange(literal: string, now: number): [number, number] | null {
	const [name, argument] = literal.toUpperCase().split(':');
	const n = argument === undefined ? NaN : Number(argument);
	const today = startOf(now, 'DAY');
	const fixed: Record<string, [number, number]> = {
		TODAY: [today, today + DAY],
		YESTERDAY: [today - DAY, today],
		TOMORROW: [today + DAY, today + 2 * DAY],
		LAST_90_DAYS: [today - 90 * DAY, today + DAY],
		NEXT_90_DAYS: [today + DAY, today + 91 * DAY]
	};
	if (argument === undefined && fixed[name]) return fixed[name];
	let match = /^(THIS|LAST|NEXT)_(\w+)$/.exec(name);
	if (argument === undefined && match && UNITS[match[2]] && !match[2].endsWith('S')) {
		const unit = UNITS[match[2]];
		const start = startOf(now, unit);
		const shift = match[1] === 'THIS' ? 0 : match[1] === 'LAST' ? -1 : 1;
		return [add(start, unit, shift), add(start, unit, shift + 1)];
	}
	if (!Number.isInteger(n) || n < 0) return null;
	if (name === 'LAST_N_DAYS') return [today - n * DAY, today + DAY];
	if (name === 'NEXT_N_DAYS') return [today + DAY, today + (n + 1) * DAY];
	match = /^(LAST|NEXT)_N_(\w+)$/.exec(name);
	if (match && UNITS[match[2]]) {
		const unit = UNITS[match[2]];
		const start = startOf(now, unit);
		return match[1] === 'LAST'
			? [add(start, unit, -n), start]
			: [add(start, unit, 1), add(start, unit, n + 1)];
	}
	match = /^N_(\w+)_AGO$/.exec(name);
	if (match && UNITS[match[1]]) {
		const unit = UNITS[match[1]];
		const start = startOf(now, unit);
		return [add(start, unit, -n), add(start, unit, -n + 1)];
	}
	return null;
}
