import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { createEmulator, type Emulator, type EmulatorOptions } from '..';

const V = '62.0';

function org(options: EmulatorOptions = {}) {
	const emulator = createEmulator({ users: 50, seed: 4, ...options });
	const base = `${emulator.options.instanceUrl}/services/data/v${V}/jobs/query`;
	const call = (path: string, init: RequestInit = {}, version = V) =>
		emulator.handle(
			new Request(`${emulator.options.instanceUrl}/services/data/v${version}/jobs/query${path}`, {
				...init,
				headers: {
					Authorization: `Bearer ${emulator.adminToken}`,
					'Content-Type': 'application/json',
					...(init.headers as Record<string, string>)
				}
			})
		);
	const create = (query: string, operation = 'query') =>
		call('', { method: 'POST', body: JSON.stringify({ operation, query, contentType: 'CSV' }) });
	return { emulator, base, call, create };
}

async function jobId(response: Response): Promise<string> {
	expect(response.status).toBe(200);
	return ((await response.json()) as { id: string }).id;
}

const rows = (text: string) => Papa.parse<string[]>(text, { skipEmptyLines: true }).data;

describe('Bulk API 2.0 query jobs', () => {
	it('creates a job that answers UploadComplete, then goes InProgress and JobComplete as time passes', async () => {
		const { emulator, call, create } = org({ bulkQueueMs: 1000, bulkMsPer1000Rows: 10_000 });
		const created = await create('SELECT Id, Name FROM User');
		const body = (await created.json()) as Record<string, unknown>;
		expect(body).toMatchObject({
			operation: 'query',
			object: 'User',
			state: 'UploadComplete',
			concurrencyMode: 'Parallel',
			contentType: 'CSV',
			apiVersion: 62,
			lineEnding: 'LF',
			columnDelimiter: 'COMMA'
		});
		expect(String(body.id)).toMatch(/^750/);
		const info = async () => (await (await call(`/${body.id}`)).json()) as Record<string, unknown>;
		expect((await info()).state).toBe('UploadComplete');
		expect((await call(`/${body.id}/results`)).status).toBe(412);
		emulator.clock.advance(1200);
		const progress = await info();
		expect(progress.state).toBe('InProgress');
		expect(progress.numberRecordsProcessed).toBeLessThan(emulator.org.userCount);
		emulator.clock.advance(1000);
		expect(await info()).toMatchObject({
			state: 'JobComplete',
			numberRecordsProcessed: emulator.org.userCount
		});
	});

	it('serves results page by page with Sforce-Locator, the last one `null`, and maxRecords', async () => {
		const { emulator, call, create } = org();
		const id = await jobId(await create('SELECT Id, Username FROM User ORDER BY Id'));
		const ids: string[] = [];
		let locator: string | null = '';
		for (let guard = 0; locator !== 'null' && guard < 20; guard++) {
			const query = locator ? `?locator=${locator}&maxRecords=15` : '?maxRecords=15';
			const page = await call(`/${id}/results${query}`);
			expect(page.headers.get('content-type')).toBe('text/csv');
			const [header, ...records] = rows(await page.text());
			expect(header).toEqual(['Id', 'Username']);
			expect(page.headers.get('sforce-numberofrecords')).toBe(String(records.length));
			ids.push(...records.map((record) => record[0]));
			locator = page.headers.get('sforce-locator');
		}
		expect(locator).toBe('null');
		expect(ids).toHaveLength(emulator.org.userCount);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('streams a big page chunk by chunk, with the header once', async () => {
		const { emulator, call, create } = org({ users: 12_000 });
		const id = await jobId(await create('SELECT Id, Username FROM User'));
		const page = await call(`/${id}/results?maxRecords=11000`);
		expect(page.headers.get('sforce-numberofrecords')).toBe('11000');
		const [header, ...records] = rows(await page.text());
		expect(header).toEqual(['Id', 'Username']);
		expect(records).toHaveLength(11_000);
		expect(records.some((record) => record[0] === 'Id')).toBe(false);
		expect(new Set(records.map((record) => record[0])).size).toBe(11_000);
		expect(emulator.org.userCount).toBeGreaterThan(11_000);
	});

	it('lists result pages five at a time from API 58.0, with the next link and done', async () => {
		const { call, create } = org({ users: 130, bulkPageRecords: 20 });
		const id = await jobId(await create('SELECT Id FROM User'));
		const first = (await (await call(`/${id}/resultPages`)).json()) as Record<string, unknown>;
		const pages = first.resultPages as { resultUrl: string }[];
		expect(pages).toHaveLength(5);
		expect(pages[0].resultUrl).toBe(`/services/data/v${V}/jobs/query/${id}/results?locator=MA&maxRecords=20`);
		expect(first.done).toBe(false);
		const next = String(first.nextRecordsUrl);
		const second = (await (await call(next.slice(next.indexOf('/jobs/query') + 11))).json()) as {
			resultPages: unknown[];
			done: boolean;
			nextRecordsUrl: unknown;
		};
		expect(second).toMatchObject({ done: true, nextRecordsUrl: null });
		expect(second.resultPages).toHaveLength(2);
		expect((await call(`/${id}/resultPages`, {}, '63.0')).status).toBe(409);
	});

	it('spells the next link nextRecordUrl when told to, and has no resultPages before 58.0', async () => {
		const { call, create } = org({ users: 130, bulkPageRecords: 20, resultPagesNextLink: 'nextRecordUrl' });
		const id = await jobId(await create('SELECT Id FROM User'));
		const body = (await (await call(`/${id}/resultPages`)).json()) as Record<string, unknown>;
		expect(body.nextRecordUrl).toMatch(/resultPages\?locator=/);
		const { call: old } = org({ apiVersions: ['57.0', '62.0'] });
		const body57 = JSON.stringify({ operation: 'query', query: 'SELECT Id FROM User' });
		const oldId = await jobId(await old('', { method: 'POST', body: body57 }, '57.0'));
		expect((await old(`/${oldId}/resultPages`, {}, '57.0')).status).toBe(404);
		expect((await old(`/${oldId}/results`, {}, '57.0')).status).toBe(200);
	});

	it('answers 409 for results asked with another API version than the job', async () => {
		const { call, create } = org();
		const id = await jobId(await create('SELECT Id FROM User'));
		const other = await call(`/${id}/results`, {}, '63.0');
		expect(other.status).toBe(409);
	});

	it('refuses what Bulk refuses, and the query errors REST gives', async () => {
		const { create } = org();
		for (const query of [
			'SELECT COUNT() FROM User',
			'SELECT Id FROM User OFFSET 5',
			'SELECT FIELDS(STANDARD) FROM User'
		]) {
			const refused = await create(query);
			expect(refused.status, query).toBe(400);
			expect(((await refused.json()) as { errorCode: string }[])[0].errorCode).toBe('API_ERROR');
		}
		const wrong = await create('SELECT Nope FROM User');
		expect(((await wrong.json()) as { errorCode: string }[])[0].errorCode).toBe('INVALID_FIELD');
		expect((await create('SELECT Id FROM User', 'upsert')).status).toBe(400);
	});

	it('aborts a pending job, refuses to abort a finished one, deletes and lists jobs', async () => {
		const { call, create } = org({ bulkQueueMs: 60_000 });
		const id = await jobId(await create('SELECT Id FROM User'));
		const abort = () => call(`/${id}`, { method: 'PATCH', body: JSON.stringify({ state: 'Aborted' }) });
		const aborted = await abort();
		expect(((await aborted.json()) as { state: string }).state).toBe('Aborted');
		expect((await call(`/${id}/results`)).status).toBe(412);
		const { call: quick, create: createQuick } = org();
		const done = await jobId(await createQuick('SELECT Id FROM User'));
		const late = await quick(`/${done}`, { method: 'PATCH', body: JSON.stringify({ state: 'Aborted' }) });
		expect(late.status).toBe(400);
		const list = (await (await call('')).json()) as { records: { id: string }[] };
		expect(list.records.map((job) => job.id)).toEqual([id]);
		expect((await call(`/${id}`, { method: 'DELETE' })).status).toBe(204);
		expect((await call(`/${id}`)).status).toBe(404);
	});

	it('fails a job on a fault, with its error message', async () => {
		const { call, create } = org({
			faults: [{ fault: { kind: 'bulkJobFailed', errorMessage: 'Too many retries' }, on: 'bulkJob' }]
		});
		const id = await jobId(await create('SELECT Id FROM User'));
		const info = (await (await call(`/${id}`)).json()) as Record<string, unknown>;
		expect(info).toMatchObject({ state: 'Failed', errorMessage: 'Too many retries' });
		expect((await call(`/${id}/results`)).status).toBe(412);
	});

	it('stops creating jobs after 10,000 in 24 hours', async () => {
		const { emulator, create } = org({ sessionLifetimeMs: 3 * 86_400_000 });
		for (let i = 0; i < 10_000; i++)
			emulator.bulkJobs.create({
				soql: 'SELECT Id FROM User LIMIT 1',
				all: false,
				apiVersion: V,
				userId: 'x'
			});
		const refused = await create('SELECT Id FROM User');
		expect(refused.status).toBe(400);
		expect(JSON.stringify(await refused.json())).toMatch(/per 24 hours/);
		emulator.clock.advance(86_400_000);
		expect((await create('SELECT Id FROM User')).status).toBe(200);
	});

	it('keeps Bulk behind the CORS allowlist, like REST', async () => {
		const { emulator, base } = org();
		const preflight = (origin: string) =>
			emulator.handle(
				new Request(base, {
					method: 'OPTIONS',
					headers: {
						Origin: origin,
						'Access-Control-Request-Method': 'POST',
						'Access-Control-Request-Headers': 'authorization,content-type'
					}
				})
			);
		const allowed = await preflight('http://127.0.0.1:4173');
		expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4173');
		expect(allowed.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
		const stranger = await emulator.handle(
			new Request(base, {
				headers: { Origin: 'https://elsewhere.example', Authorization: `Bearer ${emulator.adminToken}` }
			})
		);
		expect(stranger.status).toBe(403);
		expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
	});
});

describe('Bulk result pages of a big org', () => {
	it('serves a 3,000,001-user job page by page, never as a whole', async () => {
		const emulator: Emulator = createEmulator({ users: 3_000_000, seed: 2, bulkPageRecords: 2000 });
		emulator.org.applyChanges({ added: 1 });
		expect(emulator.org.userCount).toBe(3_000_001);
		const soql = 'SELECT Id, Email FROM User';
		const job = emulator.bulkJobs.create({ soql, all: false, apiVersion: V, userId: 'x' });
		expect(job.totalSize).toBe(3_000_001);
		const before = process.memoryUsage().heapUsed;
		const url = `${emulator.options.instanceUrl}/services/data/v${V}/jobs/query/${job.id}/results?locator=${btoa('3000000')}`;
		const last = await emulator.handle(
			new Request(url, { headers: { Authorization: `Bearer ${emulator.adminToken}` } })
		);
		expect(last.headers.get('sforce-numberofrecords')).toBe('1');
		expect(last.headers.get('sforce-locator')).toBe('null');
		expect(rows(await last.text())).toHaveLength(2);
		const listing = (await (
			await emulator.handle(
				new Request(url.replace(/results\?.*$/, 'resultPages'), {
					headers: { Authorization: `Bearer ${emulator.adminToken}` }
				})
			)
		).json()) as { resultPages: unknown[]; done: boolean };
		expect(listing).toMatchObject({ done: false });
		expect(listing.resultPages).toHaveLength(5);
		expect(process.memoryUsage().heapUsed - before).toBeLessThan(100 * 2 ** 20);
	}, 120_000);
});
