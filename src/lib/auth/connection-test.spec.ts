import { describe, expect, it } from 'vitest';
import { DEMO_INSTANCE_URL } from '../emulator';
import { testConnection } from './connection-test';
import { browserFetch, createTestEmulator, TEST_APP_ORIGIN } from './testing';

function steppingClock(step: number): () => number {
	let now = 0;
	return () => (now += step);
}

describe('connection test', () => {
	it('reports each call with status and time, the user, the version and API usage', async () => {
		const emulator = createTestEmulator();
		const report = await testConnection({
			fetch: browserFetch(emulator),
			instanceUrl: DEMO_INSTANCE_URL,
			accessToken: emulator.adminToken,
			now: steppingClock(7)
		});
		expect(report.ok).toBe(true);
		expect(report.steps.map((step) => [step.name, step.status, step.elapsedMs])).toEqual([
			['identity', 200, 7],
			['versions', 200, 7],
			['limits', 200, 7],
			['describe', 200, 7]
		]);
		expect(report.apiVersion).toBe(emulator.ctx.latestApiVersion);
		expect(report.availableVersions).toContain('62.0');
		expect(report.identity).toMatchObject({ orgId: emulator.org.orgId, userId: emulator.org.adminUser.Id });
		expect(report.apiUsage?.max).toBe(100_000);
		expect(report.diagnoses).toEqual([]);
	});

	it('names the CORS allowlist when the browser gets opaque failures (Q18)', async () => {
		const emulator = createTestEmulator({ corsAllowlist: ['https://someone-else.example'] });
		const report = await testConnection({
			fetch: browserFetch(emulator),
			instanceUrl: DEMO_INSTANCE_URL,
			accessToken: emulator.adminToken,
			appOrigin: TEST_APP_ORIGIN
		});
		expect(report.ok).toBe(false);
		expect(report.steps[0]).toMatchObject({ name: 'identity', status: null, ok: false });
		expect(report.diagnoses[0].code).toBe('CORS_OR_NETWORK');
		expect(report.diagnoses[0].message).toContain('CORS allowlist');
		expect(report.diagnoses[0].message).toContain(TEST_APP_ORIGIN);
	});

	it('says the session ended after a revoke', async () => {
		const emulator = createTestEmulator();
		emulator.sessions.revoke(emulator.adminToken);
		const report = await testConnection({
			fetch: browserFetch(emulator),
			instanceUrl: DEMO_INSTANCE_URL,
			accessToken: emulator.adminToken
		});
		expect(report.ok).toBe(false);
		expect(report.diagnoses.map((error) => error.code)).toContain('SF_INVALID_SESSION');
		expect(report.steps.find((step) => step.name === 'limits')?.status).toBe(401);
	});

	it('names a version the org does not serve', async () => {
		const emulator = createTestEmulator();
		const report = await testConnection({
			fetch: browserFetch(emulator),
			instanceUrl: DEMO_INSTANCE_URL,
			accessToken: emulator.adminToken,
			apiVersion: '40.0'
		});
		expect(report.ok).toBe(false);
		expect(report.diagnoses[0]).toMatchObject({ code: 'SF_VERSION_RETIRED', field: 'apiVersion' });
		expect(report.diagnoses[0].message).toContain(emulator.ctx.latestApiVersion);
	});

	it('explains API_DISABLED_FOR_ORG', async () => {
		const emulator = createTestEmulator();
		const fetch = browserFetch(emulator, (request) =>
			new URL(request.url).pathname.includes('/services/data/v')
				? Response.json(
						[
							{
								message: 'The REST API is not enabled for this Organization.',
								errorCode: 'API_DISABLED_FOR_ORG'
							}
						],
						{ status: 403, headers: { 'Access-Control-Allow-Origin': TEST_APP_ORIGIN } }
					)
				: null
		);
		const report = await testConnection({
			fetch,
			instanceUrl: DEMO_INSTANCE_URL,
			accessToken: emulator.adminToken
		});
		expect(report.diagnoses).toHaveLength(1);
		expect(report.diagnoses[0].code).toBe('SF_API_DISABLED');
		expect(report.diagnoses[0].message).toContain('API Enabled');
	});
});
