import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmulator, type EmulatorOptions } from './index';
import { isConnectionDropped } from './faults';
import { createPageCache } from './rest/page-cache';
import { planQuery } from './soql';

const BASE = 'https://acme.my.salesforce.com';
const TOKEN = '00DEMULATOR0001!handler-spec-token';
const APP = 'http://127.0.0.1:4173';

interface QueryBody {
	totalSize: number;
	done: boolean;
	nextRecordsUrl?: string;
	records: Record<string, unknown>[];
}
type ErrorBody = { message: string; errorCode: string }[];

function setup(options: EmulatorOptions = {}) {
	const emulator = createEmulator({
		users: 3000,
		seed: 11,
		instanceUrl: BASE,
		adminToken: TOKEN,
		...options
	});
	const get = (path: string, headers: Record<string, string> = {}) =>
		emulator.handle(new Request(BASE + path, { headers: { Authorization: `Bearer ${TOKEN}`, ...headers } }));
	const query = (soql: string, headers: Record<string, string> = {}, resource = 'query') =>
		get(`/services/data/v66.0/${resource}?q=${encodeURIComponent(soql)}`, headers);
	return { emulator, get, query };
}

async function expectError(response: Response, status: number, errorCode: string, message?: string) {
	expect(response.status).toBe(status);
	const body = (await response.json()) as ErrorBody;
	expect(Array.isArray(body)).toBe(true);
	expect(body[0].errorCode).toBe(errorCode);
	if (message !== undefined) expect(body[0].message).toBe(message);
	return body;
}

async function readAllPages(
	get: ReturnType<typeof setup>['get'],
	first: Response,
	headers: Record<string, string> = {}
): Promise<{ pages: QueryBody[]; records: Record<string, unknown>[] }> {
	const pages: QueryBody[] = [(await first.json()) as QueryBody];
	for (let guard = 0; !pages[pages.length - 1].done && guard < 1000; guard++) {
		const response = await get(pages[pages.length - 1].nextRecordsUrl as string, headers);
		expect(response.status).toBe(200);
		pages.push((await response.json()) as QueryBody);
	}
	return { pages, records: pages.flatMap((page) => page.records) };
}

afterEach(() => {
	vi.useRealTimers();
});

/** Runs the work the emulator scheduled in the background (pages built ahead) now, and waits for it. */
const backgroundWork = () => vi.runOnlyPendingTimersAsync();

describe('versions', () => {
	it('lists the served versions with their release labels, without auth or limit header', async () => {
		const { emulator } = setup();
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
		const { get } = setup();
		await expectError(await get('/services/data/v20.0/limits'), 410, 'GONE');
		await expectError(await get('/services/data/v99.0/limits'), 404, 'NOT_FOUND');
	});

	it('lists the resources of a version', async () => {
		const { get } = setup();
		const body = (await (await get('/services/data/v65.0')).json()) as Record<string, string>;
		expect(body.query).toBe('/services/data/v65.0/query');
		expect(body.sobjects).toBe('/services/data/v65.0/sobjects');
	});
});

describe('query pagination', () => {
	const SOQL = 'SELECT Id, Name, Email FROM User';

	it.each([
		[undefined, 2000],
		['batchSize=200', 200],
		['batchSize=777', 777],
		['batchSize=2000', 2000],
		['batchSize=50', 200],
		['batchSize=5000', 2000]
	])(
		'with Sforce-Query-Options %s pages of %i reach the last record with no gap or repeat',
		async (option, size) => {
			const { emulator, get, query } = setup();
			const headers: Record<string, string> = option ? { 'Sforce-Query-Options': option } : {};
			const { pages, records } = await readAllPages(get, await query(SOQL, headers), headers);
			const plan = planQuery(emulator.org, SOQL, { all: false, apiVersion: '66.0' });
			expect(records).toEqual(plan.page(0, plan.totalSize));
			expect(records).toHaveLength(emulator.org.userCount);
			expect(pages.slice(0, -1).every((page) => page.records.length === size && !page.done)).toBe(true);
			expect(pages.at(-1)?.nextRecordsUrl).toBeUndefined();
			for (const [index, page] of pages.slice(0, -1).entries()) {
				expect(page.nextRecordsUrl).toMatch(
					new RegExp(`^/services/data/v66\\.0/query/01g[0-9A-Za-z]{15}-${(index + 1) * size}$`)
				);
			}
		}
	);

	it('keeps the batch size of the first request when later requests send none', async () => {
		const { get, query } = setup();
		const { pages } = await readAllPages(
			get,
			await query(SOQL, { 'Sforce-Query-Options': 'batchSize=1000' })
		);
		expect(pages.map((page) => page.records.length)).toEqual([1000, 1000, 1000]);
	});

	it('serializes fields in SELECT order with attributes first', async () => {
		const { query } = setup();
		const body = (await (await query('SELECT Email, Id FROM User LIMIT 1')).json()) as QueryBody;
		expect(Object.keys(body.records[0])).toEqual(['attributes', 'Email', 'Id']);
		expect(body).toMatchObject({ totalSize: 1, done: true });
	});

	it('answers a COUNT() in one page with no records', async () => {
		const { emulator, query } = setup();
		const body = (await (await query('SELECT COUNT() FROM User')).json()) as QueryBody;
		expect(body).toEqual({ totalSize: emulator.org.userCount, done: true, records: [] });
	});

	it('returns deleted users only through queryAll, whose next URL still says /query/', async () => {
		const { emulator, get, query } = setup();
		const soql = 'SELECT Id, IsDeleted FROM User';
		const live = await readAllPages(get, await query(soql));
		const all = await readAllPages(get, await query(soql, {}, 'queryAll'));
		expect(live.records.some((record) => record.IsDeleted === true)).toBe(false);
		expect(all.records.filter((record) => record.IsDeleted === true)).toHaveLength(
			emulator.org.userRows - emulator.org.userCount
		);
		expect(all.pages[0].nextRecordsUrl).toMatch(/^\/services\/data\/v66\.0\/query\/01g/);
	});

	it('accepts a locator under another served version', async () => {
		const { get, query } = setup();
		const first = (await (await query(SOQL)).json()) as QueryBody;
		const moved = first.nextRecordsUrl?.replace('v66.0', 'v64.0') as string;
		const next = (await (await get(moved)).json()) as QueryBody;
		expect(next.records).toHaveLength(1000);
	});

	it('answers INVALID_QUERY_LOCATOR for an unknown, malformed or expired cursor', async () => {
		const { emulator, get, query } = setup({ cursorLifetimeMs: 60_000 });
		await expectError(
			await get('/services/data/v66.0/query/01gEM0000000000XYZ-2000'),
			400,
			'INVALID_QUERY_LOCATOR'
		);
		await expectError(await get('/services/data/v66.0/query/garbage'), 400, 'INVALID_QUERY_LOCATOR');
		const first = (await (await query(SOQL)).json()) as QueryBody;
		emulator.clock.advance(60_001);
		await expectError(await get(first.nextRecordsUrl as string), 400, 'INVALID_QUERY_LOCATOR');
	});

	it('keeps a used cursor alive past its lifetime counted from creation', async () => {
		const { emulator, get, query } = setup({ cursorLifetimeMs: 60_000 });
		const first = (await (
			await query(SOQL, { 'Sforce-Query-Options': 'batchSize=1000' })
		).json()) as QueryBody;
		emulator.clock.advance(50_000);
		const second = (await (await get(first.nextRecordsUrl as string)).json()) as QueryBody;
		emulator.clock.advance(50_000);
		expect((await get(second.nextRecordsUrl as string)).status).toBe(200);
	});

	it('reports SOQL errors as Salesforce does', async () => {
		const { query, get } = setup();
		const [malformed] = await expectError(await query('SELECT Id FROM User WHERE'), 400, 'MALFORMED_QUERY');
		expect(malformed.message).toMatch(/ERROR at Row:1:Column:\d+/);
		await expectError(await query('SELECT Nope FROM User'), 400, 'INVALID_FIELD');
		await expectError(await query('SELECT Id FROM Userz'), 400, 'INVALID_TYPE');
		await expectError(
			await get('/services/data/v66.0/query'),
			400,
			'MALFORMED_QUERY',
			'A query string has to be specified'
		);
	});
});

describe('describe', () => {
	it('describes User with the field shape of SALESFORCE.md', async () => {
		const { get } = setup();
		const response = await get('/services/data/v66.0/sobjects/User/describe');
		expect(response.status).toBe(200);
		const body = (await response.json()) as {
			name: string;
			keyPrefix: string;
			queryable: boolean;
			fields: Record<string, unknown>[];
		};
		expect(body).toMatchObject({ name: 'User', keyPrefix: '005', queryable: true });
		const manager = body.fields.find((field) => field.name === 'ManagerId');
		expect(manager).toMatchObject({ type: 'reference', referenceTo: ['User'], relationshipName: 'Manager' });
		for (const key of [
			'name',
			'label',
			'type',
			'nillable',
			'length',
			'referenceTo',
			'relationshipName',
			'filterable',
			'custom',
			'picklistValues'
		]) {
			expect(manager).toHaveProperty(key);
		}
	});

	it('retrieves one record by Id, with every standard field or the fields asked for', async () => {
		const { emulator, get } = setup();
		const admin = emulator.org.adminUser;
		const record = (await (await get(`/services/data/v66.0/sobjects/User/${admin.Id}`)).json()) as Record<
			string,
			unknown
		>;
		expect(record).toMatchObject({ attributes: { type: 'User' }, Id: admin.Id, Username: admin.Username });
		expect(Object.keys(record).length).toBeGreaterThan(40);
		const some = await (
			await get(`/services/data/v66.0/sobjects/User/${admin.Id}?fields=Email,Manager.Name`)
		).json();
		expect(Object.keys(some as object)).toEqual(['attributes', 'Email', 'Manager']);
		await expectError(
			await get(`/services/data/v66.0/sobjects/User/${admin.Id}?fields=Nope`),
			400,
			'INVALID_FIELD'
		);
		await expectError(
			await get(`/services/data/v66.0/sobjects/User/${admin.Id}?fields=Id FROM User`),
			400,
			'INVALID_FIELD'
		);
		await expectError(await get('/services/data/v66.0/sobjects/User/005000000000000AAA'), 404, 'NOT_FOUND');
		await expectError(await get("/services/data/v66.0/sobjects/User/x' OR Id != '"), 404, 'NOT_FOUND');
	});

	it('lists sobjects, describes the other objects, and answers 404 for unknown ones', async () => {
		const { get } = setup();
		const global = (await (await get('/services/data/v66.0/sobjects')).json()) as {
			sobjects: { name: string }[];
		};
		const names = global.sobjects.map((sobject) => sobject.name);
		expect(names).toEqual(
			expect.arrayContaining([
				'User',
				'Profile',
				'UserRole',
				'UserLicense',
				'PermissionSetLicense',
				'LoginHistory'
			])
		);
		for (const name of ['Profile', 'UserRole', 'LoginHistory']) {
			expect((await get(`/services/data/v66.0/sobjects/${name}/describe`)).status).toBe(200);
		}
		const basic = (await (await get('/services/data/v66.0/sobjects/User')).json()) as {
			objectDescribe: Record<string, unknown>;
		};
		expect(basic.objectDescribe.name).toBe('User');
		expect(basic.objectDescribe).not.toHaveProperty('fields');
		await expectError(await get('/services/data/v66.0/sobjects/Nothing__c/describe'), 404, 'NOT_FOUND');
		await expectError(
			await get('/services/data/v66.0/nowhere'),
			404,
			'NOT_FOUND',
			'The requested resource does not exist'
		);
	});
});

describe('limits and the daily counter', () => {
	it('counts every API call in Sforce-Limit-Info and /limits', async () => {
		const { get } = setup();
		expect((await get('/services/data/v66.0/sobjects')).headers.get('sforce-limit-info')).toBe(
			'api-usage=1/100000'
		);
		const response = await get('/services/data/v66.0/limits');
		expect(response.headers.get('sforce-limit-info')).toBe('api-usage=2/100000');
		const body = (await response.json()) as { DailyApiRequests: { Max: number; Remaining: number } };
		expect(body.DailyApiRequests).toEqual({ Max: 100_000, Remaining: 99_998 });
	});

	it('refuses calls once the allowance is spent with 403 REQUEST_LIMIT_EXCEEDED', async () => {
		const { get, query } = setup({ dailyApiLimit: 3 });
		for (let i = 0; i < 3; i++) expect((await get('/services/data/v66.0/limits')).status).toBe(200);
		const refused = await query('SELECT Id FROM User');
		expect(refused.headers.get('sforce-limit-info')).toBe('api-usage=3/3');
		await expectError(refused, 403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
	});
});

describe('sessions', () => {
	it('answers 401 INVALID_SESSION_ID for a missing, unknown or expired token', async () => {
		const { emulator, get } = setup({ sessionLifetimeMs: 60_000 });
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
		const { emulator } = setup();
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
		const { get, query } = setup();
		const long = `SELECT Id FROM User WHERE Username IN ('${'x'.repeat(17_000)}')`;
		expect((await query(long)).status).toBe(414);
		expect((await get('/services/data/v66.0/limits', { 'X-Big': 'y'.repeat(17_000) })).status).toBe(431);
		expect((await query(`SELECT Id FROM User WHERE Username = '${'x'.repeat(15_000)}'`)).status).toBe(200);
	});

	it('answers 405 for a method a resource does not take, and HEAD without a body', async () => {
		const { emulator } = setup();
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
		const { emulator, query } = setup();
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

describe('CORS', () => {
	const preflight = (path: string, origin: string) =>
		new Request(BASE + path, {
			method: 'OPTIONS',
			headers: {
				Origin: origin,
				'Access-Control-Request-Method': 'GET',
				'Access-Control-Request-Headers': 'authorization'
			}
		});
	const corsHeaders = (response: Response) =>
		[...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

	it('answers preflights and responses for the app origin, which is on the allowlist by default', async () => {
		const { emulator, get } = setup();
		const answer = await emulator.handle(preflight('/services/data/v66.0/query', APP));
		expect(answer.status).toBe(200);
		expect(answer.headers.get('access-control-allow-methods')).toBe('HEAD, GET, POST, PUT, PATCH, DELETE');
		expect(answer.headers.get('access-control-allow-headers')).toBe('authorization');
		const response = await get('/services/data/v66.0/limits', { Origin: APP });
		expect(response.status).toBe(200);
		expect(response.headers.get('access-control-allow-origin')).toBe(APP);
		expect(response.headers.get('access-control-allow-credentials')).toBe('false');
	});

	it('refuses other origins with 403 and no CORS headers, for preflights and requests', async () => {
		const { emulator, get } = setup();
		const answer = await emulator.handle(preflight('/services/data/v66.0/query', 'https://evil.example'));
		expect(answer.status).toBe(403);
		expect(corsHeaders(answer)).toEqual([]);
		const response = await get('/services/data/v66.0/limits', { Origin: 'https://evil.example' });
		expect(response.status).toBe(403);
		expect(corsHeaders(response)).toEqual([]);
		expect(emulator.usage.used()).toBe(0);
	});

	it('lets OAuth token requests through only with "Enable CORS for OAuth endpoints", discovery always', async () => {
		const closed = setup({ oauthCors: false });
		expect((await closed.emulator.handle(preflight('/services/oauth2/token', APP))).status).toBe(403);
		const open = setup();
		expect((await open.emulator.handle(preflight('/services/oauth2/token', APP))).status).toBe(200);
		const discovery = await closed.emulator.handle(
			preflight('/.well-known/openid-configuration', 'https://any.example')
		);
		expect(discovery.status).toBe(200);
		expect((await closed.emulator.handle(preflight('/id/keys', 'https://any.example'))).status).toBe(200);
		expect(
			(await closed.emulator.handle(preflight('/services/oauth2/userinfo', 'https://any.example'))).status
		).toBe(403);
	});

	it('refuses a token preflight on a host other than the My Domain, even with CORS for OAuth endpoints on', async () => {
		const { emulator } = setup();
		const elsewhere = new Request('https://login.salesforce.com/services/oauth2/token', {
			method: 'OPTIONS',
			headers: { Origin: APP, 'Access-Control-Request-Method': 'POST' }
		});
		const answer = await emulator.handle(elsewhere);
		expect(answer.status).toBe(403);
		expect(corsHeaders(answer)).toEqual([]);
	});

	it('adds CORS headers to a token answer only when CORS for OAuth endpoints is on', async () => {
		const tokenRequest = () =>
			new Request(`${BASE}/services/oauth2/token`, {
				method: 'POST',
				headers: { Origin: APP },
				body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'unknown', client_id: 'x' })
			});
		const closed = await setup({ oauthCors: false }).emulator.handle(tokenRequest());
		expect(closed.headers.get('access-control-allow-origin')).toBeNull();
		const open = await setup().emulator.handle(tokenRequest());
		expect(open.headers.get('access-control-allow-origin')).toBe(APP);
	});

	it('adds an origin to the allowlist through the options', async () => {
		const { get } = setup({ corsAllowlist: ['https://other.example'] });
		expect((await get('/services/data/v66.0/limits', { Origin: 'https://other.example' })).status).toBe(200);
		expect((await get('/services/data/v66.0/limits', { Origin: APP })).status).toBe(403);
	});
});

describe('faults', () => {
	const SOQL = 'SELECT Id FROM User';

	it('401 after page N: page N+1 fails once, the same page then succeeds', async () => {
		const { emulator, get, query } = setup();
		emulator.faults.add({ fault: { kind: 'unauthorized' }, on: 'page', from: 2, times: 1 });
		const first = (await (
			await query(SOQL, { 'Sforce-Query-Options': 'batchSize=1000' })
		).json()) as QueryBody;
		await expectError(await get(first.nextRecordsUrl as string), 401, 'INVALID_SESSION_ID');
		expect((await get(first.nextRecordsUrl as string)).status).toBe(200);
	});

	it('401 after page N with expired sessions: only a fresh token gets on', async () => {
		const { emulator, get, query } = setup();
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
		const { emulator, query } = setup();
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
		const { emulator, query } = setup();
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
		const { emulator, get, query } = setup();
		emulator.faults.add({ fault: { kind: 'expiredCursor' }, on: 'queryMore', times: 1 });
		const first = (await (
			await query(SOQL, { 'Sforce-Query-Options': 'batchSize=1000' })
		).json()) as QueryBody;
		await expectError(await get(first.nextRecordsUrl as string), 400, 'INVALID_QUERY_LOCATOR');
		await expectError(await get(first.nextRecordsUrl as string), 400, 'INVALID_QUERY_LOCATOR');
		expect((await query(SOQL)).status).toBe(200);
	});

	it('cuts a page body off mid-JSON', async () => {
		const { emulator, query } = setup();
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
		const { emulator, query } = setup();
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
		const { emulator, query } = setup({ latencyMs: 100 });
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
		const { emulator } = setup();
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
		const { query } = setup({ faults: [{ fault: { kind: 'queryTimeout' } }] });
		for (let i = 0; i < 3; i++) await expectError(await query(SOQL), 400, 'QUERY_TIMEOUT');
	});
});

describe('pages built ahead', () => {
	const SOQL = 'SELECT Id, Name, Title, Email FROM User ORDER BY Id';
	const HEADERS = { 'Sforce-Query-Options': 'batchSize=1000' };
	beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
	afterEach(() => void vi.useRealTimers());
	const cursorOf = (emulator: ReturnType<typeof setup>['emulator'], url: string) =>
		emulator.cursors.get((url.split('/').pop() as string).split('-')[0]);

	it('serves the page built in the background exactly as one built on request', async () => {
		const ahead = setup();
		const plain = setup({ prefetchPages: false });
		const first = (await (await ahead.query(SOQL, HEADERS)).json()) as QueryBody;
		const reference = (await (await plain.query(SOQL, HEADERS)).json()) as QueryBody;
		expect(cursorOf(ahead.emulator, first.nextRecordsUrl as string)?.ahead).toBeNull();
		await backgroundWork();
		expect(cursorOf(ahead.emulator, first.nextRecordsUrl as string)?.ahead?.start).toBe(1000);
		expect(cursorOf(plain.emulator, reference.nextRecordsUrl as string)?.ahead).toBeNull();
		const second = await (await ahead.get(first.nextRecordsUrl as string)).json();
		expect(second).toEqual(await (await plain.get(reference.nextRecordsUrl as string)).json());
	});

	it('does not serve a page built before the org changed', async () => {
		const ahead = setup();
		const plain = setup({ prefetchPages: false });
		const first = (await (await ahead.query(SOQL, HEADERS)).json()) as QueryBody;
		const reference = (await (await plain.query(SOQL, HEADERS)).json()) as QueryBody;
		await backgroundWork();
		const built = new TextDecoder().decode(
			cursorOf(ahead.emulator, first.nextRecordsUrl as string)?.ahead?.bytes
		);
		ahead.emulator.org.applyChanges({ changed: 3000 });
		plain.emulator.org.applyChanges({ changed: 3000 });
		const second = (await (await ahead.get(first.nextRecordsUrl as string)).json()) as QueryBody;
		expect(second).toEqual(await (await plain.get(reference.nextRecordsUrl as string)).json());
		expect(JSON.stringify(second.records)).not.toBe(built);
	});
});

describe('page cache', () => {
	const SOQL = 'SELECT Id, Name, Title FROM User';
	beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
	afterEach(() => void vi.useRealTimers());

	it('serves a repeated query from cached pages with the same records, and never across an org change', async () => {
		const cached = setup({ pageCacheBytes: 64 * 2 ** 20 });
		const plain = setup({ prefetchPages: false });
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
		const cached = setup({ pageCacheBytes: 64 * 2 ** 20, prefetchPages: false });
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
		const small = setup({ pageCacheBytes: 64 * 2 ** 20 });
		const kept = await readAllPages(small.get, await small.query(SOQL));
		await backgroundWork();
		const queryBytes = small.emulator.pageCache?.bytes ?? 0;
		expect(queryBytes).toBeGreaterThan(0);
		const tight = setup({ pageCacheBytes: Math.floor(queryBytes / 2) });
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
		expect(setup().emulator.pageCache).toBeNull();
	});
});
