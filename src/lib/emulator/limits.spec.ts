import { describe, expect, it } from 'vitest';
import { createApiUsage, limitInfoHeader, limitsBody } from './limits';

const HOUR = 3_600_000;

describe('daily API usage', () => {
	it('counts requests until the allowance is spent, then refuses without counting', () => {
		const usage = createApiUsage({ max: 3, now: () => 0 });
		expect([usage.tryConsume(), usage.tryConsume(), usage.tryConsume(), usage.tryConsume()]).toEqual([
			true,
			true,
			true,
			false
		]);
		expect(usage.used()).toBe(3);
		expect(limitInfoHeader(usage)).toBe('api-usage=3/3');
	});

	it('forgets requests older than 24 hours (rolling window)', () => {
		let now = 10 * HOUR;
		const usage = createApiUsage({ max: 5, now: () => now });
		usage.tryConsume();
		now += 12 * HOUR;
		usage.tryConsume();
		expect(usage.used()).toBe(2);
		now += 12 * HOUR;
		expect(usage.used()).toBe(1);
		now += 12 * HOUR;
		expect(usage.used()).toBe(0);
	});

	it('can be set near the limit and reset', () => {
		const usage = createApiUsage({ max: 100, now: () => 0 });
		usage.setUsed(99);
		expect(usage.tryConsume()).toBe(true);
		expect(usage.tryConsume()).toBe(false);
		usage.reset();
		expect(usage.used()).toBe(0);
	});

	it('reports DailyApiRequests in the /limits body', () => {
		const usage = createApiUsage({ max: 100_000, now: () => 0 });
		for (let i = 0; i < 20; i++) usage.tryConsume();
		expect(limitsBody(usage).DailyApiRequests).toEqual({ Max: 100_000, Remaining: 99_980 });
	});
});
