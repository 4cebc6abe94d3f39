import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	ConnectionDropped,
	createFaultController,
	droppedMidBodyResponse,
	isConnectionDropped,
	truncatedResponse,
	unavailableResponse,
	validateFaultRule,
	type FaultRequestInfo
} from './faults';
import { BASE, expectError, type QueryBody, setupEmulator } from './testing';

const page: FaultRequestInfo = { isApi: true, isOAuth: false, isPage: true, isQueryMore: false };
const more: FaultRequestInfo = { ...page, isQueryMore: true };
const other: FaultRequestInfo = { isApi: true, isOAuth: false, isPage: false, isQueryMore: false };
const oauth: FaultRequestInfo = { isApi: false, isOAuth: true, isPage: false, isQueryMore: false };

describe('fault rules', () => {
	it('hits the from-th matching request and the times-1 after it', () => {
		const faults = createFaultController();
		faults.add({ fault: { kind: 'unauthorized' }, from: 3, times: 2 });
		const kinds = [page, other, more, more, more, more].map(
			(request) => faults.decide(request).fault?.kind ?? '-'
		);
		expect(kinds).toEqual(['-', '-', '-', 'unauthorized', 'unauthorized', '-']);
	});

	it('lasts the whole run without times, and adds latency on top of the answer', () => {
		const faults = createFaultController();
		faults.add({ fault: { kind: 'latency', ms: 30 } }, { fault: { kind: 'latency', ms: 5 }, on: 'any' });
		for (let i = 0; i < 5; i++) expect(faults.decide(page)).toEqual({ latencyMs: 35, fault: null });
		expect(faults.decide(oauth)).toEqual({ latencyMs: 5, fault: null });
	});

	it('targets OAuth requests, queryMore requests or any API request', () => {
		const faults = createFaultController();
		faults.add({ fault: { kind: 'unavailable' }, on: 'oauth', times: 1 });
		faults.add({ fault: { kind: 'expiredCursor' }, on: 'queryMore', times: 1 });
		faults.add({ fault: { kind: 'requestLimit' }, on: 'api', from: 4 });
		expect(faults.decide(other).fault).toBeNull();
		expect(faults.decide(oauth).fault?.kind).toBe('unavailable');
		expect(faults.decide(oauth).fault).toBeNull();
		expect(faults.decide(page).fault).toBeNull();
		expect(faults.decide(more).fault?.kind).toBe('expiredCursor');
		expect(faults.decide(more).fault?.kind).toBe('requestLimit');
	});

	it('lets the first matching rule win and clears', () => {
		const faults = createFaultController();
		faults.add({ fault: { kind: 'queryTimeout' }, times: 1 }, { fault: { kind: 'truncatedBody' }, times: 2 });
		expect(faults.list()).toHaveLength(2);
		expect(faults.decide(page).fault?.kind).toBe('queryTimeout');
		expect(faults.list()).toEqual([{ fault: { kind: 'truncatedBody' }, times: 2 }]);
		expect(faults.decide(page).fault?.kind).toBe('truncatedBody');
		faults.clear();
		expect(faults.decide(page).fault).toBeNull();
		expect(faults.list()).toEqual([]);
	});

	it('validates rules from JSON', () => {
		expect(validateFaultRule({ fault: { kind: 'unavailable', retryAfterSeconds: 2 }, times: 3 })).toEqual([]);
		expect(validateFaultRule({ fault: { kind: 'boom' } })).toHaveLength(1);
		expect(validateFaultRule({ fault: { kind: 'latency' } })).toEqual(['latency needs ms ≥ 0']);
		expect(validateFaultRule({ fault: { kind: 'unauthorized' }, on: 'x', from: 0, times: 1.5 })).toHaveLength(
			3
		);
		expect(validateFaultRule('x')).toHaveLength(1);
	});
});

describe('fault responses', () => {
	it('serves an HTML 503 with or without Retry-After', async () => {
		const withRetry = unavailableResponse(7);
		expect(withRetry.status).toBe(503);
		expect(withRetry.headers.get('retry-after')).toBe('7');
		expect(withRetry.headers.get('content-type')).toMatch(/^text\/html/);
		expect(await withRetry.text()).toMatch(/^<!DOCTYPE html>/);
		expect(unavailableResponse().headers.get('retry-after')).toBeNull();
	});

	it('cuts a JSON body in half so it no longer parses', async () => {
		const response = await truncatedResponse(
			new Response('{"totalSize":1,"done":true,"records":[{"Id":"005"}]}')
		);
		const text = await response.text();
		expect(text).toBe('{"totalSize":1,"done":true');
		expect(response.headers.get('content-length')).toBe(String(text.length));
		expect(() => JSON.parse(text)).toThrow(SyntaxError);
	});

	it('drops the connection mid-body: the body stream errors with a TypeError', async () => {
		const response = await droppedMidBodyResponse(new Response('{"records":[1,2,3,4,5,6,7,8]}'));
		expect(response.status).toBe(200);
		const error = await response.json().catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(TypeError);
		expect(isConnectionDropped(error)).toBe(true);
		expect(isConnectionDropped(new TypeError('other'))).toBe(false);
		expect(new ConnectionDropped().name).toBe('TypeError');
	});
});

afterEach(() => {
	vi.useRealTimers();
});

describe('faults', () => {
	const SOQL = 'SELECT Id FROM User';

	it('401 after page N: page N+1 fails once, the same page then succeeds', async () => {
		const { emulator, get, query } = setupEmulator();
		emulator.faults.add({ fault: { kind: 'unauthorized' }, on: 'page', from: 2, times: 1 });
		const first = (await (
			await query(SOQL, { 'Sforce-Query-Options': 'batchSize=1000' })
		).json()) as QueryBody;
		await expectError(await get(first.nextRecordsUrl as string), 401, 'INVALID_SESSION_ID');
		expect((await get(first.nextRecordsUrl as string)).status).toBe(200);
	});

	it('401 after page N with expired sessions: only a fresh token gets on', async () => {
		const { emulator, get, query } = setupEmulator();
		emulator.faults.add({
			fault: { kind: 'unauthorized', expireSessions: true },
			on: 'page',
			from: 2,
			times: 1
		});
		const first = (await (
			await query(SOQL, { 'Sforce-Query-Options': 'batchSize=1000' })
		).json()) as QueryBody;
		await expectError(await get(first.nextRecordsUrl as string), 401, 'INVALID_SESSION_ID');
		await expectError(await get(first.nextRecordsUrl as string), 401, 'INVALID_SESSION_ID');
		const fresh = emulator.issueToken();
		const again = await get(first.nextRecordsUrl as string, { Authorization: `Bearer ${fresh}` });
		expect(again.status).toBe(200);
	});

	it('503 k times with an HTML body, with or without Retry-After, then normal answers', async () => {
		const { emulator, query } = setupEmulator();
		emulator.faults.add({ fault: { kind: 'unavailable', retryAfterSeconds: 3 }, times: 2 });
		emulator.faults.add({ fault: { kind: 'unavailable' }, from: 3, times: 1 });
		const answers = [];
		for (let i = 0; i < 4; i++) answers.push(await query(SOQL));
		expect(answers.map((response) => response.status)).toEqual([503, 503, 503, 200]);
		expect(answers.map((response) => response.headers.get('retry-after'))).toEqual(['3', '3', null, null]);
		expect(answers[0].headers.get('content-type')).toMatch(/^text\/html/);
		expect(await answers[2].text()).toMatch(/<html>/);
	});

	it('QUERY_TIMEOUT and REQUEST_LIMIT_EXCEEDED on demand', async () => {
		const { emulator, query } = setupEmulator();
		emulator.faults.add(
			{ fault: { kind: 'queryTimeout' }, times: 1 },
			{ fault: { kind: 'requestLimit' }, times: 1 }
		);
		await expectError(
			await query(SOQL),
			400,
			'QUERY_TIMEOUT',
			'Your query request was running for too long.'
		);
		await expectError(await query(SOQL), 403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
		expect((await query(SOQL)).status).toBe(200);
	});

	it('expires a cursor on demand, for good', async () => {
		const { emulator, get, query } = setupEmulator();
		emulator.faults.add({ fault: { kind: 'expiredCursor' }, on: 'queryMore', times: 1 });
		const first = (await (
			await query(SOQL, { 'Sforce-Query-Options': 'batchSize=1000' })
		).json()) as QueryBody;
		await expectError(await get(first.nextRecordsUrl as string), 400, 'INVALID_QUERY_LOCATOR');
		await expectError(await get(first.nextRecordsUrl as string), 400, 'INVALID_QUERY_LOCATOR');
		expect((await query(SOQL)).status).toBe(200);
	});

	it('cuts a page body off mid-JSON', async () => {
		const { emulator, query } = setupEmulator();
		emulator.faults.add({ fault: { kind: 'truncatedBody' }, times: 1 });
		const cut = await query(SOQL);
		expect(cut.status).toBe(200);
		const text = await cut.text();
		expect(text.startsWith('{"totalSize":')).toBe(true);
		expect(() => JSON.parse(text)).toThrow(SyntaxError);
		expect(() => JSON.parse(text)).toThrow(SyntaxError);
		expect(JSON.parse(await (await query(SOQL)).text())).toHaveProperty('records');
	});

	it('drops the connection before the headers (the request fails with a TypeError) or mid-body', async () => {
		const { emulator, query } = setupEmulator();
		emulator.faults.add({ fault: { kind: 'dropConnection' }, times: 1 });
		emulator.faults.add({ fault: { kind: 'dropConnection', when: 'midBody' }, from: 2, times: 1 });
		const failure = await query(SOQL).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(TypeError);
		expect(isConnectionDropped(failure)).toBe(true);
		const broken = await query(SOQL);
		expect(broken.status).toBe(200);
		await expect(broken.json()).rejects.toBeInstanceOf(TypeError);
		expect((await query(SOQL)).status).toBe(200);
	});

	it('adds latency per page, on top of the configured latency', async () => {
		vi.useFakeTimers();
		const { emulator, query } = setupEmulator({ latencyMs: 100 });
		emulator.faults.add({ fault: { kind: 'latency', ms: 400 }, times: 1 });
		let settled = false;
		const pending = query(SOQL).then((response) => {
			settled = true;
			return response;
		});
		await vi.advanceTimersByTimeAsync(499);
		expect(settled).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect((await pending).status).toBe(200);
		let second = false;
		const next = query(SOQL).then(() => (second = true));
		await vi.advanceTimersByTimeAsync(99);
		expect(second).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		await next;
		expect(second).toBe(true);
	});

	it('hits OAuth requests when asked to', async () => {
		const { emulator } = setupEmulator();
		emulator.faults.add({ fault: { kind: 'unavailable' }, on: 'oauth', times: 1 });
		const token = () =>
			emulator.handle(
				new Request(`${BASE}/services/oauth2/token`, {
					method: 'POST',
					body: new URLSearchParams({ grant_type: 'x' })
				})
			);
		expect((await token()).status).toBe(503);
		expect((await token()).status).not.toBe(503);
	});

	it('is configured from the options for a whole run', async () => {
		const { query } = setupEmulator({ faults: [{ fault: { kind: 'queryTimeout' } }] });
		for (let i = 0; i < 3; i++) await expectError(await query(SOQL), 400, 'QUERY_TIMEOUT');
	});
});
