import { describe, expect, it } from 'vitest';
import type { FetchLike } from './client';
import { failureOf, instanceUrl, json, makeClient, page } from './testing';

describe('createSalesforceClient', () => {
	it('sends the token, the batch size and the query past the HTTP cache, and parses usage', async () => {
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
		expect(seen[0].cache).toBe('no-store');
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

	it('userInfo sends the token to the instance and reads who it belongs to', async () => {
		const { client } = makeClient(async (request) => {
			expect(new URL(request.url).pathname).toBe('/services/oauth2/userinfo');
			expect(request.headers.get('Authorization')).toBe('Bearer token-1');
			return json({
				organization_id: '00Dxx0000000001',
				user_id: '005xx0000000001',
				preferred_username: 'a@b.c'
			});
		});
		expect(await client.userInfo()).toEqual({
			organizationId: '00Dxx0000000001',
			userId: '005xx0000000001',
			username: 'a@b.c',
			name: null,
			email: null
		});
		const { client: odd } = makeClient(async () => json(['not', 'an', 'object']));
		expect((await failureOf(odd.userInfo())).code).toBe('BAD_RESPONSE');
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
