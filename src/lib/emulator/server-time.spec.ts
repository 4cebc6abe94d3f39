import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorFromResponse } from '$lib/core/salesforce';
import { createEmulator } from '.';
import { REALISTIC_SERVER_TIME, serverMs, serverTimeForPage } from './server-time';

const query = (emulator: ReturnType<typeof createEmulator>, soql: string) =>
	emulator.handle(
		new Request(`${emulator.options.instanceUrl}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, {
			headers: { Authorization: `Bearer ${emulator.adminToken}` }
		})
	);

const FIFTEEN =
	'SELECT Id, Username, Email, FirstName, LastName, Title, Department, Division, CompanyName, ' +
	'EmployeeNumber, IsActive, Phone, City, Country, CreatedDate FROM User';

describe('server time', () => {
	afterEach(() => vi.useRealTimers());

	it('grows with records × fields: a 2000 × 15 page takes what --page-ms says, 250 ms by the published figures', () => {
		expect(serverMs(serverTimeForPage(100), 2000, 15)).toBe(100);
		expect(serverMs(serverTimeForPage(400), 2000, 15)).toBe(400);
		expect(serverMs(serverTimeForPage(400), 2000, 30)).toBe(800);
		expect(serverMs(serverTimeForPage(400), 200, 15)).toBe(40);
		expect(serverMs(REALISTIC_SERVER_TIME, 2000, 15)).toBe(250);
		expect(serverMs(REALISTIC_SERVER_TIME, 0, 0)).toBe(50);
	});

	it('is a real wait before the answer of a REST page', async () => {
		vi.useFakeTimers();
		const emulator = createEmulator({ users: 3000, serverTime: serverTimeForPage(400) });
		let answered = false;
		const page = query(emulator, FIFTEEN).then((response) => {
			answered = true;
			return response;
		});
		await vi.advanceTimersByTimeAsync(390);
		expect(answered).toBe(false);
		await vi.advanceTimersByTimeAsync(20);
		expect(answered).toBe(true);
		expect(((await (await page).json()) as { records: unknown[] }).records).toHaveLength(2000);
	});

	it('can be changed while the org runs', async () => {
		vi.useFakeTimers();
		const emulator = createEmulator({ users: 3000 });
		emulator.setServerTime(serverTimeForPage(100));
		let answered = false;
		void query(emulator, FIFTEEN).then(() => (answered = true));
		await vi.advanceTimersByTimeAsync(95);
		expect(answered).toBe(false);
		await vi.advanceTimersByTimeAsync(10);
		expect(answered).toBe(true);
	});
});

describe('concurrent requests', () => {
	it("refuses a request over the cap with Salesforce's ConcurrentRequests error, which the client retries", async () => {
		const emulator = createEmulator({
			users: 100,
			maxConcurrentRequests: 2,
			serverTime: { baseMs: 30, msPer1000Records: 0 }
		});
		const answers = await Promise.all([1, 2, 3].map(() => query(emulator, 'SELECT Id FROM User')));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 403]);
		const text = await answers[2].text();
		expect(JSON.parse(text)).toEqual([
			{
				errorCode: 'REQUEST_LIMIT_EXCEEDED',
				message: 'ConcurrentRequests (Concurrent API Requests) Limit exceeded.'
			}
		]);
		expect(errorFromResponse(403, text, null)).toMatchObject({
			code: 'SF_CONCURRENT_LIMIT',
			retryable: true
		});
		expect((await query(emulator, 'SELECT Id FROM User')).status).toBe(200);
	});
});
