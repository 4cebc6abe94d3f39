/** The HTTP test server: Request/Response conversion, streaming, dropped sockets and the control API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine, preciseSleep, startEmulatorServer, type EmulatorServer } from '../emulator-server';

let server: EmulatorServer;
const api = (path: string, init: RequestInit = {}) =>
	fetch(server.url + path, {
		...init,
		headers: { Authorization: `Bearer ${server.token}`, ...init.headers }
	});
const control = (path: string, body?: unknown, method = 'POST') =>
	fetch(`${server.url}/__emulator${path}`, {
		method,
		body: body === undefined ? undefined : JSON.stringify(body)
	});

beforeAll(async () => {
	server = await startEmulatorServer({ users: 4000, seed: 21, adminToken: 'server-spec-token' });
});

afterAll(async () => {
	await server?.close();
});

describe('emulator over HTTP', () => {
	it('serves on 127.0.0.1 with the fixed admin token and streams full pages', async () => {
		expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(server.token).toBe('server-spec-token');
		const response = await api('/services/data/v66.0/query?q=SELECT+Id,Name,Email,Title+FROM+User');
		expect(response.status).toBe(200);
		expect(response.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/100000$/);
		const body = (await response.json()) as { totalSize: number; records: unknown[]; nextRecordsUrl: string };
		expect(body.totalSize).toBe(4000);
		expect(body.records).toHaveLength(2000);
		const next = (await (await api(body.nextRecordsUrl)).json()) as { done: boolean; records: unknown[] };
		expect(next).toMatchObject({ done: true });
		expect(next.records).toHaveLength(2000);
	});

	it('answers preflights for the app origin and refuses others', async () => {
		const preflight = (origin: string) =>
			fetch(`${server.url}/services/data/v66.0/query`, {
				method: 'OPTIONS',
				headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' }
			});
		expect((await preflight('http://127.0.0.1:4173')).status).toBe(200);
		expect((await preflight('https://evil.example')).status).toBe(403);
	});

	it('answers every request, preflights included, a round trip later when the org is set that far away', async () => {
		const far = await startEmulatorServer({ users: 10, roundTripMs: 60, adminToken: 'far-token' });
		try {
			const started = performance.now();
			const preflight = await fetch(`${far.url}/services/data/v66.0/composite`, {
				method: 'OPTIONS',
				headers: { Origin: 'http://127.0.0.1:4173', 'Access-Control-Request-Method': 'POST' }
			});
			expect(preflight.status).toBe(200);
			expect(performance.now() - started).toBeGreaterThanOrEqual(59);
		} finally {
			await far.close();
		}
	});

	it('lets the handler answer 414 for long URIs instead of the HTTP parser', async () => {
		const response = await api(`/services/data/v66.0/query?q=${'x'.repeat(17_000)}`);
		expect(response.status).toBe(414);
	});

	it('destroys the socket for a connection dropped before the headers', async () => {
		await control('/faults', { fault: { kind: 'dropConnection' }, on: 'api', times: 1 });
		await expect(api('/services/data/v66.0/limits')).rejects.toBeInstanceOf(TypeError);
		expect((await api('/services/data/v66.0/limits')).status).toBe(200);
	});

	it('breaks the body of a connection dropped mid-body, and cuts a body off mid-JSON', async () => {
		await control('/faults', [
			{ fault: { kind: 'dropConnection', when: 'midBody' }, times: 1 },
			{ fault: { kind: 'truncatedBody' }, from: 2, times: 1 }
		]);
		const dropped = await api('/services/data/v66.0/query?q=SELECT+Id+FROM+User');
		expect(dropped.status).toBe(200);
		await expect(dropped.text()).rejects.toBeInstanceOf(TypeError);
		const cut = await api('/services/data/v66.0/query?q=SELECT+Id+FROM+User');
		const text = await cut.text();
		expect(() => JSON.parse(text)).toThrow(SyntaxError);
	});

	it('503s with Retry-After through the control API, and lists and clears rules', async () => {
		const added = await control('/faults', {
			rules: [{ fault: { kind: 'unavailable', retryAfterSeconds: 1 } }]
		});
		expect(await added.json()).toHaveLength(1);
		const down = await api('/services/data/v66.0/query?q=SELECT+Id+FROM+User');
		expect(down.status).toBe(503);
		expect(down.headers.get('retry-after')).toBe('1');
		expect(await (await control('/faults', undefined, 'GET')).json()).toHaveLength(1);
		await control('/faults', undefined, 'DELETE');
		expect((await api('/services/data/v66.0/query?q=SELECT+Id+FROM+User')).status).toBe(200);
	});

	it('rejects invalid fault rules', async () => {
		const response = await control('/faults', { fault: { kind: 'meteor' } });
		expect(response.status).toBe(400);
		expect(((await response.json()) as { error: string }).error).toMatch(/fault\.kind/);
		expect((await control('/faults', undefined, 'GET').then((answer) => answer.json())) as unknown[]).toEqual(
			[]
		);
	});

	it('moves the clock, sets API usage, mints and revokes tokens, applies org changes, resets', async () => {
		const clock = (await (await control('/clock', { advanceMs: 60_000 })).json()) as { now: number };
		expect(clock.now).toBeGreaterThan(Date.now() + 59_000);
		const usage = (await (await control('/usage', { used: 99_999 })).json()) as { used: number };
		expect(usage.used).toBe(99_999);
		expect((await api('/services/data/v66.0/limits')).status).toBe(200);
		expect((await api('/services/data/v66.0/limits')).status).toBe(403);
		const { accessToken } = (await (await control('/token', {})).json()) as { accessToken: string };
		expect(accessToken).toMatch(/^00D\w{12}!/);
		await control('/sessions/revoke');
		await control('/reset');
		expect((await api('/services/data/v66.0/limits')).status).toBe(200);
		const other = await fetch(`${server.url}/services/data/v66.0/limits`, {
			headers: { Authorization: `Bearer ${accessToken}` }
		});
		expect(other.status).toBe(401);
		const changed = (await (await control('/changes', { added: 5, removed: 2 })).json()) as { users: number };
		expect(changed.users).toBe(4003);
		const count = (await (await api('/services/data/v66.0/query?q=SELECT+COUNT()+FROM+User')).json()) as {
			totalSize: number;
		};
		expect(count.totalSize).toBe(4003);
	});

	it('reports its org on GET /__emulator and 404s unknown control routes', async () => {
		const info = (await (await control('', undefined, 'GET')).json()) as {
			instanceUrl: string;
			adminToken: string;
		};
		expect(info).toMatchObject({ instanceUrl: server.url, adminToken: server.token });
		expect((await control('/nothing')).status).toBe(404);
	});

	it('changes the server time on POST /__emulator/server-time, and its REST pages wait for it', async () => {
		expect(await (await control('/server-time', { pageMs: 400 })).json()).toEqual({
			baseMs: 0,
			msPer1000Records: 200
		});
		expect(await (await control('/server-time', { baseMs: 30 })).json()).toEqual({
			baseMs: 30,
			msPer1000Records: 200
		});
		const started = performance.now();
		const page = await fetch(`${server.url}/services/data/v62.0/query?q=SELECT+Id+FROM+User+LIMIT+10`, {
			headers: { Authorization: `Bearer ${server.token}` }
		});
		expect(page.status).toBe(200);
		expect(performance.now() - started).toBeGreaterThanOrEqual(25);
		await control('/server-time', { baseMs: 0, msPer1000Records: 0 });
	});

	it('waits out server time to a fraction of a millisecond, serving other work meanwhile', async () => {
		for (const ms of [0.3, 20.4]) {
			let turns = 0;
			const counting = setInterval(() => turns++, 0);
			const started = performance.now();
			await preciseSleep(ms);
			const waited = performance.now() - started;
			clearInterval(counting);
			// A timer alone can fire before the fraction (Node's timers count whole milliseconds).
			expect(waited).toBeGreaterThanOrEqual(ms);
			if (ms > 1) expect(turns).toBeGreaterThan(0);
		}
	});
});

describe('npm run emulator command line', () => {
	it('reads users, latency, seed, port, token and extra origins, keeping the app origin', () => {
		const options = parseCommandLine([
			'--users',
			'100000',
			'--latency',
			'25',
			'--seed',
			'3',
			'--port',
			'9000',
			'--token',
			'T',
			'--allow-origin',
			'http://localhost:5173/',
			'--allow-origin',
			'https://app.example'
		]);
		expect(options).toMatchObject({ users: 100_000, latencyMs: 25, seed: 3, port: 9000, adminToken: 'T' });
		expect(options.corsAllowlist).toEqual([
			'http://127.0.0.1:4173',
			'http://localhost:5173',
			'https://app.example'
		]);
		expect(options.sessionLifetimeMs).toBe(24 * 3_600_000);
	});

	it('reads the server time model, the concurrency cap and the Bulk timings', () => {
		expect(parseCommandLine(['--page-ms', '400']).serverTime).toEqual({ baseMs: 0, msPer1000Records: 200 });
		expect(parseCommandLine(['--server-time']).serverTime).toEqual({ baseMs: 50, msPer1000Records: 100 });
		expect(parseCommandLine(['--server-time', '--server-ms-per-1000-records', '30']).serverTime).toEqual({
			baseMs: 50,
			msPer1000Records: 30
		});
		expect(parseCommandLine([]).serverTime).toEqual({ baseMs: 0, msPer1000Records: 0 });
		const bulk = parseCommandLine([
			'--max-concurrent',
			'25',
			'--bulk-queue-ms',
			'500',
			'--bulk-ms-per-1000-rows',
			'20',
			'--bulk-page-records',
			'50000'
		]);
		expect(bulk).toMatchObject({
			maxConcurrentRequests: 25,
			bulkQueueMs: 500,
			bulkMsPer1000Rows: 20,
			bulkPageRecords: 50_000
		});
		expect(() => parseCommandLine(['--bulk-page-records', '0'])).toThrow(/at least 1/);
	});

	it('uses defaults and refuses values that are not whole numbers', () => {
		expect(parseCommandLine([])).toMatchObject({ users: 1000, latencyMs: 0, seed: 1, port: 8787 });
		expect(() => parseCommandLine(['--users', 'many'])).toThrow(/--users must be a whole number/);
	});
});
