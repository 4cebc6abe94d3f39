import { describe, expect, it } from 'vitest';
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
