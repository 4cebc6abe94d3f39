import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPageCache } from './page-cache';
import { backgroundWork, readAllPages, setupEmulator } from '../testing';

describe('page cache', () => {
	const SOQL = 'SELECT Id, Name, Title FROM User';
	beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
	afterEach(() => void vi.useRealTimers());

	it('serves a repeated query from cached pages with the same records, and never across an org change', async () => {
		const cached = setupEmulator({ pageCacheBytes: 64 * 2 ** 20 });
		const plain = setupEmulator({ prefetchPages: false });
		const firstRun = await readAllPages(cached.get, await cached.query(SOQL));
		await backgroundWork();
		const filled = cached.emulator.pageCache?.bytes ?? 0;
		expect(filled).toBeGreaterThan(0);
		const secondRun = await readAllPages(cached.get, await cached.query(SOQL));
		expect(secondRun.records).toEqual(firstRun.records);
		expect(cached.emulator.pageCache?.bytes).toBe(filled);
		cached.emulator.org.applyChanges({ changed: 3000 });
		plain.emulator.org.applyChanges({ changed: 3000 });
		const afterChange = await readAllPages(cached.get, await cached.query(SOQL));
		const reference = await readAllPages(plain.get, await plain.query(SOQL));
		expect(afterChange.records).toEqual(reference.records);
		expect(afterChange.records).not.toEqual(firstRun.records);
	});

	it('serves a cached page with the very bytes of its first response, written around the page in place', async () => {
		const cached = setupEmulator({ pageCacheBytes: 64 * 2 ** 20, prefetchPages: false });
		const bodyOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());
		const first = await bodyOf(await cached.query(SOQL));
		const again = await bodyOf(await cached.query(SOQL));
		const text = new TextDecoder().decode(first);
		expect(text.startsWith('{"totalSize":')).toBe(true);
		expect(text.endsWith('}]}')).toBe(true);
		const cursorId = (body: Uint8Array) =>
			/query\/(01g\w+)-/.exec(new TextDecoder().decode(body.subarray(0, 200)))?.[1] as string;
		const sameCursor = (body: Uint8Array) =>
			new TextDecoder().decode(body).replace(cursorId(body), cursorId(first));
		expect(sameCursor(again)).toBe(text);
		expect(JSON.parse(text)).toMatchObject({ done: false, totalSize: 3000 });
	});

	it('keeps no page of a query too big to keep whole, so it pushes out nothing', async () => {
		const small = setupEmulator({ pageCacheBytes: 64 * 2 ** 20 });
		const kept = await readAllPages(small.get, await small.query(SOQL));
		await backgroundWork();
		const queryBytes = small.emulator.pageCache?.bytes ?? 0;
		expect(queryBytes).toBeGreaterThan(0);
		const tight = setupEmulator({ pageCacheBytes: Math.floor(queryBytes / 2) });
		const served = await readAllPages(tight.get, await tight.query(SOQL));
		await backgroundWork();
		expect(served.records).toEqual(kept.records);
		expect(tight.emulator.pageCache?.bytes).toBe(0);
	});

	it('keeps within its byte budget, dropping the least recently used pages', () => {
		const cache = createPageCache(100);
		const page = (size: number) => ({
			start: 0,
			count: 1,
			orgVersion: 0,
			bytes: new Uint8Array(size),
			length: 1,
			room: 0
		});
		cache.set('a', page(40));
		cache.set('b', page(40));
		expect(cache.get('a')).toBeDefined();
		cache.set('c', page(40));
		expect(cache.get('b')).toBeUndefined();
		expect(cache.get('a')).toBeDefined();
		expect(cache.bytes).toBe(80);
		cache.set('huge', page(101));
		expect(cache.get('huge')).toBeUndefined();
		cache.clear();
		expect(cache.bytes).toBe(0);
	});

	it('is off unless asked for', () => {
		expect(setupEmulator().emulator.pageCache).toBeNull();
	});
});
