import { describe, expect, it, vi } from 'vitest';
import { BASE, expectError, setupEmulator, TOKEN } from './testing';

describe('versions', () => {
	it('lists the served versions with their release labels, without auth or limit header', async () => {
		const { emulator } = setupEmulator();
		const response = await emulator.handle(new Request(`${BASE}/services/data/`));
		expect(response.status).toBe(200);
		expect(response.headers.get('sforce-limit-info')).toBeNull();
		expect(await response.json()).toEqual([
			{ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' },
			{ label: "Spring '25", url: '/services/data/v63.0', version: '63.0' },
			{ label: "Summer '25", url: '/services/data/v64.0', version: '64.0' },
			{ label: "Winter '26", url: '/services/data/v65.0', version: '65.0' },
			{ label: "Spring '26", url: '/services/data/v66.0', version: '66.0' }
		]);
	});

	it('answers 410 for a retired version and 404 for an unknown one', async () => {
		const { get } = setupEmulator();
		await expectError(await get('/services/data/v20.0/limits'), 410, 'GONE');
		await expectError(await get('/services/data/v99.0/limits'), 404, 'NOT_FOUND');
	});

	it('lists the resources of a version', async () => {
		const { get } = setupEmulator();
		const body = (await (await get('/services/data/v65.0')).json()) as Record<string, string>;
		expect(body.query).toBe('/services/data/v65.0/query');
		expect(body.sobjects).toBe('/services/data/v65.0/sobjects');
	});
});

describe('limits and the daily counter', () => {
	it('counts every API call in Sforce-Limit-Info and /limits', async () => {
		const { get } = setupEmulator();
		expect((await get('/services/data/v66.0/sobjects')).headers.get('sforce-limit-info')).toBe(
			'api-usage=1/100000'
		);
		const response = await get('/services/data/v66.0/limits');
		expect(response.headers.get('sforce-limit-info')).toBe('api-usage=2/100000');
		const body = (await response.json()) as { DailyApiRequests: { Max: number; Remaining: number } };
		expect(body.DailyApiRequests).toEqual({ Max: 100_000, Remaining: 99_998 });
	});

	it('refuses calls once the allowance is spent with 403 REQUEST_LIMIT_EXCEEDED', async () => {
		const { get, query } = setupEmulator({ dailyApiLimit: 3 });
		for (let i = 0; i < 3; i++) expect((await get('/services/data/v66.0/limits')).status).toBe(200);
		const refused = await query('SELECT Id FROM User');
		expect(refused.headers.get('sforce-limit-info')).toBe('api-usage=3/3');
		await expectError(refused, 403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
	});
});

describe('sessions', () => {
	it('answers 401 INVALID_SESSION_ID for a missing, unknown or expired token', async () => {
		const { emulator, get } = setupEmulator({ sessionLifetimeMs: 60_000 });
		const noToken = await emulator.handle(new Request(`${BASE}/services/data/v66.0/limits`));
		await expectError(noToken, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
		await expectError(
			await get('/services/data/v66.0/limits', { Authorization: 'Bearer 00Dx!nope' }),
			401,
			'INVALID_SESSION_ID'
		);
		expect((await get('/services/data/v66.0/limits', { Authorization: `OAuth ${TOKEN}` })).status).toBe(200);
		emulator.clock.advance(60_001);
		await expectError(await get('/services/data/v66.0/limits'), 401, 'INVALID_SESSION_ID');
		emulator.reset();
		expect((await get('/services/data/v66.0/limits')).status).toBe(200);
	});

	it('mints working tokens for other users', async () => {
		const { emulator } = setupEmulator();
		const token = emulator.issueToken();
		expect(token).toMatch(/^00D\w{12}!/);
		const response = await emulator.handle(
			new Request(`${BASE}/services/data/v66.0/limits`, { headers: { Authorization: `Bearer ${token}` } })
		);
		expect(response.status).toBe(200);
	});
});

describe('request limits and methods', () => {
	it('answers 414 for a URI over 16,384 bytes and 431 for oversized headers', async () => {
		const { get, query } = setupEmulator();
		const long = `SELECT Id FROM User WHERE Username IN ('${'x'.repeat(17_000)}')`;
		expect((await query(long)).status).toBe(414);
		expect((await get('/services/data/v66.0/limits', { 'X-Big': 'y'.repeat(17_000) })).status).toBe(431);
		expect((await query(`SELECT Id FROM User WHERE Username = '${'x'.repeat(15_000)}'`)).status).toBe(200);
	});

	it('answers 405 for a method a resource does not take, and HEAD without a body', async () => {
		const { emulator } = setupEmulator();
		const post = await emulator.handle(
			new Request(`${BASE}/services/data/v66.0/limits`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${TOKEN}` }
			})
		);
		await expectError(post, 405, 'METHOD_NOT_ALLOWED');
		const head = await emulator.handle(
			new Request(`${BASE}/services/data/v66.0/limits`, {
				method: 'HEAD',
				headers: { Authorization: `Bearer ${TOKEN}` }
			})
		);
		expect(head.status).toBe(200);
		expect(await head.text()).toBe('');
	});
});

describe('internal failures', () => {
	it('answers 500 UNKNOWN_EXCEPTION with an error id when something breaks inside', async () => {
		const { emulator, query } = setupEmulator();
		const table = vi.spyOn(emulator.org, 'table').mockImplementation(() => {
			throw new Error('generator broke');
		});
		const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		try {
			const [error] = await expectError(await query('SELECT Id FROM User'), 500, 'UNKNOWN_EXCEPTION');
			expect(error.message).toMatch(/ErrorId if you contact support: \d+-0/);
			expect(log).toHaveBeenCalledOnce();
		} finally {
			table.mockRestore();
			log.mockRestore();
		}
	});
});
