/** The literals of the Runs filter line that carry time: durations ("24h") and dates ("2026-11-01T08:00Z"). */
import type { Token } from './tokenizer';

const UNIT_MS: Record<string, number> = {
	ms: 1,
	s: 1000,
	m: 60_000,
	min: 60_000,
	h: 3_600_000,
	d: 86_400_000,
	w: 604_800_000
};

const DAY_MS = 86_400_000;

/** Milliseconds of a duration token ("30min", "1.5h"). */
export function durationMs(token: Token): number {
	const match = /^(\d+(?:\.\d+)?)([a-z]+)$/.exec(token.text) as RegExpExecArray;
	return Number(match[1]) * UNIT_MS[match[2]];
}

/** The UTC range a date covers, or null when it is not a real date: a date covers its UTC day; a date and time covers its minute, second or millisecond, as written. */
export function dateRange(text: string): { from: number; to: number } | null {
	const match =
		/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
			text
		);
	if (!match) return null;
	const [, year, month, day, hour, minute, second, fraction, zone] = match;
	const numbers = [year, month, day, hour ?? '0', minute ?? '0', second ?? '0'].map(Number);
	const milliseconds = fraction ? Number(fraction.padEnd(3, '0')) : 0;
	const utc = Date.UTC(
		numbers[0],
		numbers[1] - 1,
		numbers[2],
		numbers[3],
		numbers[4],
		numbers[5],
		milliseconds
	);
	const check = new Date(utc);
	if (
		check.getUTCFullYear() !== numbers[0] ||
		check.getUTCMonth() !== numbers[1] - 1 ||
		check.getUTCDate() !== numbers[2] ||
		numbers[3] > 23 ||
		numbers[4] > 59 ||
		numbers[5] > 59
	) {
		return null;
	}
	const from = utc - zoneOffsetMs(zone);
	const precision =
		hour === undefined ? DAY_MS : fraction ? 10 ** (3 - fraction.length) : second ? 1000 : 60_000;
	return { from, to: from + precision };
}

function zoneOffsetMs(zone: string | undefined): number {
	if (!zone || zone === 'Z') return 0;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
