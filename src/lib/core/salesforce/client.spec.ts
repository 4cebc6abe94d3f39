import { describe, expect, it } from 'vitest';
import { AppFailure, toAppError } from '../errors';
import { createSalesforceClient, type FetchLike, type SalesforceClientOptions } from './client';
import { errorFromResponse } from './errors';
import { peekNextRecordsUrl } from './responses';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter } from './retry';

const instanceUrl = 'https://acme.my.salesforce.com';

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'Content-Type': 'application/json', 'Sforce-Limit-Info': 'api-usage=12/15000', ...headers }
	});
}

function page(ids: string[], next: string | null, totalSize: number) {
	return {
		totalSize,
		done: next === null,
		...(next ? { nextRecordsUrl: next } : {}),
		records: ids.map((Id) => ({ attributes: { type: 'User' }, Id }))
	};
}

function makeClient(fetch: FetchLike, extra: Partial<SalesforceClientOptions> = {}) {
	const sleeps: number[] = [];
	const client = createSalesforceClient({
		fetch,
		instanceUrl,
		apiVersion: '65.0',
		getAccessToken: async () => 'token-1',
		sleep: async (ms) => {
			sleeps.push(ms);
		},
		random: () => 0.5,
		...extra
	});
	return { client, sleeps };
}

async function failureOf(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (thrown) {
		expect(thrown).toBeInstanceOf(AppFailure);
		return toAppError(thrown);
	}
	throw new Error('expected a failure');
}

describe('error mapping', () => {
	it('reads row and column of a malformed query', () => {
		const error = errorFromResponse(
			400,
			JSON.stringify([
				{
					message:
						"\nSELECT Id FROM User WHERE Name = 'x\n   ^\nERROR at Row:1:Column:33\nunexpected token: 'x'",
					errorCode: 'MALFORMED_QUERY'
				}
			]),
			null
		);
		expect(error).toMatchObject({ code: 'SF_MALFORMED_QUERY', row: 1, column: 33, status: 400 });
		expect(error.message).toContain("unexpected token: 'x'");
		expect(error.retryable).toBeUndefined();
	});

	it('names the field of INVALID_FIELD', () => {
		const error = errorFromResponse(
			400,
			JSON.stringify([
				{
					message:
						"SELECT Foo FROM User\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'User'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.",
					errorCode: 'INVALID_FIELD'
				}
			]),
			null
		);
		expect(error).toMatchObject({ code: 'SF_INVALID_FIELD', field: 'Foo', row: 1, column: 8 });
	});

	it('maps the documented codes and statuses', () => {
		const body = (errorCode: string) => JSON.stringify([{ message: 'm', errorCode }]);
		expect(errorFromResponse(400, body('INVALID_TYPE'), null).code).toBe('SF_INVALID_TYPE');
		expect(errorFromResponse(400, body('QUERY_TIMEOUT'), null).code).toBe('SF_QUERY_TIMEOUT');
		expect(errorFromResponse(400, body('INVALID_QUERY_LOCATOR'), null).code).toBe('SF_INVALID_LOCATOR');
		expect(errorFromResponse(403, body('API_DISABLED_FOR_ORG'), null).code).toBe('SF_API_DISABLED');
		expect(errorFromResponse(410, '', null).code).toBe('SF_VERSION_RETIRED');
		expect(errorFromResponse(414, '', null).code).toBe('SF_URI_TOO_LONG');
		expect(errorFromResponse(503, '<html>down</html>', null)).toMatchObject({
			code: 'HTTP_5XX',
			retryable: true
		});
		expect(errorFromResponse(429, '', null)).toMatchObject({ code: 'HTTP_ERROR', retryable: true });
		const limit = errorFromResponse(403, body('REQUEST_LIMIT_EXCEEDED'), { used: 15000, max: 15000 });
		expect(limit.code).toBe('SF_REQUEST_LIMIT');
		expect(limit.message).toContain('15000 of 15000');
	});
});

describe('retry policy', () => {
	it('jitters under an exponential ceiling capped at maxDelayMs', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffDelay(policy, 0, () => 0.999, null)).toBeLessThan(100);
		expect(backoffDelay(policy, 3, () => 0.999, null)).toBeLessThan(800);
		expect(backoffDelay(policy, 10, () => 0.999, null)).toBeLessThan(1000);
		expect(backoffDelay(policy, 10, () => 0, null)).toBe(0);
		expect(backoffDelay(policy, 0, () => 0.5, 7000)).toBe(7000);
		expect(backoffDelay({ ...policy, maxRetryAfterMs: 5000 }, 0, () => 0.5, 7000)).toBe(5000);
	});

	it('reads Retry-After as seconds or as a date', () => {
		expect(parseRetryAfter('3', 0)).toBe(3000);
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
		expect(parseRetryAfter('soon', 0)).toBeNull();
		expect(parseRetryAfter(null, 0)).toBeNull();
	});
});

describe('createSalesforceClient', () => {
	it('sends the token, the batch size and the query, and parses usage', async () => {
		const seen: Request[] = [];
		const { client } = makeClient(async (request) => {
			seen.push(request);
			return json(page(['005A'], null, 1));
		});
		const result = await client.query('SELECT Id FROM User', { batchSize: 500 });
		expect(result).toMatchObject({ totalSize: 1, done: true, nextRecordsUrl: null, status: 200 });
		expect(result.apiUsage).toEqual({ used: 12, max: 15000 });
		expect(seen[0].url).toBe(`${instanceUrl}/services/data/v65.0/query?q=SELECT%20Id%20FROM%20User`);
		expect(seen[0].headers.get('Authorization')).toBe('Bearer token-1');
		expect(seen[0].headers.get('Sforce-Query-Options')).toBe('batchSize=500');
		await client.queryAll('SELECT Id FROM User');
		expect(seen[1].url).toContain('/queryAll?q=');
	});

	it('Q12: retries 503 three times with jittered waits, honouring Retry-After', async () => {
		let calls = 0;
		const { client, sleeps } = makeClient(async () => {
			calls++;
			if (calls === 2) return new Response('busy', { status: 503, headers: { 'Retry-After': '2' } });
			if (calls <= 3) return new Response('<html>maintenance</html>', { status: 503 });
			return json(page(['005A'], null, 1));
		});
		const result = await client.query('SELECT Id FROM User');
		expect(result.records).toHaveLength(1);
		expect(calls).toBe(4);
		expect(sleeps).toEqual([250, 2000, 1000]);
	});

	it('Q12: 503 forever ends in RETRIES_EXHAUSTED after the policy', async () => {
		let calls = 0;
		const { client, sleeps } = makeClient(
			async () => {
				calls++;
				return new Response('down', { status: 503 });
			},
			{ retry: { retries: 3 } }
		);
		const error = await failureOf(client.query('SELECT Id FROM User'));
		expect(error.code).toBe('RETRIES_EXHAUSTED');
		expect(error.message).toContain('4 attempts');
		expect(calls).toBe(4);
		expect(sleeps).toHaveLength(3);
	});

	it('Q10, Q11, Q13: never retries a 4xx', async () => {
		let calls = 0;
		const { client } = makeClient(async () => {
			calls++;
			return json([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], 403, {
				'Sforce-Limit-Info': 'api-usage=15001/15000'
			});
		});
		const error = await failureOf(client.query('SELECT Id FROM User'));
		expect(error).toMatchObject({ code: 'SF_REQUEST_LIMIT', status: 403 });
		expect((error.detail as { apiUsage: unknown }).apiUsage).toEqual({ used: 15001, max: 15000 });
		expect(calls).toBe(1);
	});

	it('Q16: a body cut off mid-JSON is retried, never half-parsed', async () => {
		let calls = 0;
		const { client } = makeClient(async () => {
			calls++;
			if (calls === 1)
				return new Response('{"totalSize":2,"done":true,"records":[{"Id":"005A"},{"Id', { status: 200 });
			return json(page(['005A', '005B'], null, 2));
		});
		const result = await client.query('SELECT Id FROM User');
		expect(result.records.map((record) => record.Id)).toEqual(['005A', '005B']);
		expect(calls).toBe(2);
	});

	it('reports a network TypeError as NETWORK, or as CORS_OR_NETWORK in a browser', async () => {
		const failing: FetchLike = async () => {
			throw new TypeError('Failed to fetch');
		};
		const node = await failureOf(
			makeClient(failing, { retry: { retries: 1 } }).client.query('SELECT Id FROM User')
		);
		expect(node.code).toBe('NETWORK');
		expect(node.message).toContain('after 2 attempts');
		const browser = await failureOf(
			makeClient(failing, { retry: { retries: 0 }, opaqueNetworkErrors: true }).client.query(
				'SELECT Id FROM User'
			)
		);
		expect(browser.code).toBe('CORS_OR_NETWORK');
		expect(browser.message).toContain('CORS allowlist');
	});

	it('Q6: refreshes once on 401 and repeats the same request', async () => {
		let token = 'old';
		let refreshes = 0;
		const urls: string[] = [];
		const { client } = makeClient(
			async (request) => {
				urls.push(request.url);
				if (request.headers.get('Authorization') !== 'Bearer new')
					return json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], 401);
				return json(page(['005A'], null, 1));
			},
			{
				getAccessToken: async () => token,
				refreshAccessToken: async () => {
					refreshes++;
					token = 'new';
					return token;
				}
			}
		);
		await client.query('SELECT Id FROM User');
		expect(refreshes).toBe(1);
		expect(urls).toHaveLength(2);
		expect(urls[0]).toBe(urls[1]);
	});

	it('Q7: a second 401 after the refresh asks to sign in again', async () => {
		let refreshes = 0;
		const { client } = makeClient(
			async () => json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], 401),
			{
				refreshAccessToken: async () => {
					refreshes++;
					return 'token-2';
				}
			}
		);
		const error = await failureOf(client.query('SELECT Id FROM User'));
		expect(error.code).toBe('AUTH_SIGN_IN_AGAIN');
		expect(refreshes).toBe(1);
	});

	it('a refresh that fails asks to sign in again, once for concurrent requests', async () => {
		let refreshes = 0;
		const { client } = makeClient(
			async () => json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], 401),
			{
				refreshAccessToken: async () => {
					refreshes++;
					throw new Error('invalid_grant: expired access/refresh token');
				}
			}
		);
		const errors = await Promise.all([
			failureOf(client.query('SELECT Id FROM User')),
			failureOf(client.limits())
		]);
		expect(errors.map((error) => error.code)).toEqual(['AUTH_SIGN_IN_AGAIN', 'AUTH_SIGN_IN_AGAIN']);
		expect(refreshes).toBe(1);
	});

	it('without a refresh hook a 401 is SF_INVALID_SESSION', async () => {
		const { client } = makeClient(async () =>
			json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], 401)
		);
		expect((await failureOf(client.query('SELECT Id FROM User'))).code).toBe('SF_INVALID_SESSION');
	});

	it('Q8: concurrent 401s share one refresh', async () => {
		let token = 'old';
		let refreshes = 0;
		let release: () => void = () => undefined;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const { client } = makeClient(
			async (request) => {
				if (request.headers.get('Authorization') === 'Bearer old')
					return json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], 401);
				return json(page(['005A'], null, 1));
			},
			{
				getAccessToken: async () => token,
				refreshAccessToken: async () => {
					refreshes++;
					await gate;
					token = 'new';
					return token;
				}
			}
		);
		const all = Promise.all([client.query('SELECT Id FROM User'), client.describe('User').catch(() => null)]);
		await new Promise((resolve) => setTimeout(resolve, 0));
		release();
		const [first] = await all;
		expect(first.records).toHaveLength(1);
		expect(refreshes).toBe(1);
	});

	it('queryPages fetches page n+1 before page n is consumed, and follows nextRecordsUrl', async () => {
		const requested: string[] = [];
		const pages: Record<string, unknown> = {
			'/services/data/v65.0/query/01g-2': page(['005C', '005D'], '/services/data/v65.0/query/01g-4', 5),
			'/services/data/v65.0/query/01g-4': page(['005E'], null, 5)
		};
		const { client } = makeClient(async (request) => {
			const path = new URL(request.url).pathname;
			requested.push(path);
			return json(
				path.endsWith('/query') ? page(['005A', '005B'], '/services/data/v65.0/query/01g-2', 5) : pages[path]
			);
		});
		const seenAtConsume: number[] = [];
		const ids: unknown[] = [];
		for await (const result of client.queryPages('SELECT Id FROM User', { batchSize: 200 })) {
			await new Promise((resolve) => setTimeout(resolve, 0));
			seenAtConsume.push(requested.length);
			ids.push(...result.records.map((record) => record.Id));
		}
		expect(ids).toEqual(['005A', '005B', '005C', '005D', '005E']);
		expect(seenAtConsume).toEqual([2, 3, 3]);
	});

	it('queryPages requests page n+1 from the head of page n before parsing it, and stays one page ahead', async () => {
		const requested: string[] = [];
		const { client } = makeClient(async (request) => {
			const path = new URL(request.url).pathname;
			requested.push(path);
			const index = path.endsWith('/query') ? 0 : Number(path.split('-').pop());
			return json(page([`005${index}`], index < 5 ? `/services/data/v65.0/query/01g-${index + 1}` : null, 6));
		});
		const seen: number[] = [];
		for await (const result of client.queryPages('SELECT Id FROM User')) {
			seen.push(requested.length);
			await new Promise((resolve) => setTimeout(resolve, 5));
			expect(requested.length).toBeLessThanOrEqual(seen.length + 1);
			expect(result.records).toHaveLength(1);
		}
		expect(seen[0]).toBe(2);
		expect(requested).toHaveLength(6);
		expect(new Set(requested).size).toBe(6);
	});

	it('peekNextRecordsUrl reads the next page address from the head of a body only', () => {
		expect(
			peekNextRecordsUrl(
				'{"totalSize":9,"done":false,"nextRecordsUrl":"/services/data/v65.0/query/01g-2","records":['
			)
		).toBe('/services/data/v65.0/query/01g-2');
		expect(peekNextRecordsUrl('{"totalSize":9,"done":true,"records":[]}')).toBeNull();
		expect(peekNextRecordsUrl('{"totalSize":9,"done":false,"nextRecordsUrl":"/services/da')).toBeNull();
	});

	it('queryPages resumes at a start URL and refuses next URLs on other hosts', async () => {
		const { client } = makeClient(async () =>
			json(page(['005Z'], 'https://evil.example/services/data/x', 2))
		);
		const iterator = client.queryPages('', { startUrl: '/services/data/v65.0/query/01g-1' });
		const first = await iterator.next();
		expect(first.value && first.value.url).toBe(`${instanceUrl}/services/data/v65.0/query/01g-1`);
		expect((await failureOf(client.queryMore('https://evil.example/services/data/x'))).code).toBe(
			'BAD_RESPONSE'
		);
		await iterator.return();
	});

	it('an abort signal stops a wait and a fetch that hangs', async () => {
		const controller = new AbortController();
		const { client } = makeClient(() => new Promise<Response>(() => undefined));
		const pending = client.query('SELECT Id FROM User', { signal: controller.signal });
		controller.abort();
		expect((await failureOf(pending)).code).toBe('ABORTED');
		const sleeping = createSalesforceClient({
			fetch: async () => new Response('', { status: 503 }),
			instanceUrl,
			apiVersion: '65.0',
			getAccessToken: async () => 't',
			retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
			random: () => 0.99
		});
		const second = new AbortController();
		const waiting = sleeping.query('SELECT Id FROM User', { signal: second.signal });
		setTimeout(() => second.abort(), 5);
		expect((await failureOf(waiting)).code).toBe('ABORTED');
	});

	it('describe, limits and versions go through the processors', async () => {
		const { client } = makeClient(async (request) => {
			const path = new URL(request.url).pathname;
			if (path === '/services/data/') {
				expect(request.headers.get('Authorization')).toBeNull();
				return json([{ label: "Winter '26", url: '/services/data/v65.0', version: '65.0' }]);
			}
			if (path.endsWith('/limits')) return json({ DailyApiRequests: { Max: 100000, Remaining: 99980 } });
			if (path.endsWith('/sobjects')) return json({ sobjects: [{ name: 'User', label: 'User' }] });
			if (path.endsWith('/describe')) return json({ name: 'User', label: 'User', fields: [] });
			return json({ unexpected: true });
		});
		expect((await client.versions())[0].version).toBe('65.0');
		expect((await client.limits()).DailyApiRequests.Remaining).toBe(99980);
		expect((await client.describeGlobal()).sobjects[0].name).toBe('User');
		expect((await client.describe('User')).name).toBe('User');
	});

	it('a 200 with the wrong shape is BAD_RESPONSE, not retried', async () => {
		let calls = 0;
		const { client } = makeClient(async () => {
			calls++;
			return json({ records: 'nope' });
		});
		expect((await failureOf(client.query('SELECT Id FROM User'))).code).toBe('BAD_RESPONSE');
		expect(calls).toBe(1);
	});
});
