import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatSize, safeHttpUrl } from './format';

describe('result formatting', () => {
	it('writes counts, durations and sizes', () => {
		expect(formatCount(1234567)).toBe('1,234,567');
		expect(formatCount(null)).toBe('—');
		expect(formatDuration(850)).toBe('850 ms');
		expect(formatDuration(12_400)).toBe('12.4 s');
		expect(formatDuration(185_000)).toBe('3 min 05 s');
		expect(formatDuration(3_720_000)).toBe('1 h 02 min');
		expect(formatSize(512)).toBe('512 B');
		expect(formatSize(3.2 * 1024 * 1024)).toBe('3.2 MB');
	});

	it('links only http and https URLs (Q31)', () => {
		expect(safeHttpUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
		expect(safeHttpUrl('HTTP://example.com')).toBe('http://example.com/');
		expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
		expect(safeHttpUrl(' https://example.com')).toBeNull();
		expect(safeHttpUrl('data:text/html,<b>x</b>')).toBeNull();
		expect(safeHttpUrl('https://')).toBeNull();
	});
});
