import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator';
import { compileMapping } from '../mapping';
import { createSalesforceClient } from '../salesforce';
import { executeRun, type RunRow } from './execute';
import { attachLatestLogins, latestLoginQuery } from './latest-login';
import { sampleConnector } from './sample';

function setup(users: number) {
	const emulator = createEmulator({ users, seed: 5 });
	const requests: string[] = [];
	const client = createSalesforceClient({
		fetch: (request) => {
			requests.push(decodeURIComponent(request.url));
			return emulator.handle(request);
		},
		instanceUrl: emulator.options.instanceUrl,
		apiVersion: '66.0',
		getAccessToken: async () => emulator.adminToken
	});
	return { client, requests };
}

/** The newest login of one user, asked directly. */
async function newestLogin(client: ReturnType<typeof setup>['client'], userId: string) {
	const page = await client.query(
		`SELECT Status, LoginTime, SourceIp FROM LoginHistory WHERE UserId = '${userId}' ORDER BY LoginTime DESC LIMIT 1`
	);
	return page.records[0] ?? null;
}

const connector = {
	soql: 'SELECT Id, Email FROM User',
	userStatus: 'all' as const,
	companyDomains: ['*'],
	batchSize: 200,
	includeDeleted: false,
	latestLogin: true,
	mapping: {
		identifier: { expression: 'Email', kind: 'email' as const },
		fields: [
			{ source: 'LatestLogin.Status', target: 'status', description: '' },
			{ source: 'LatestLogin.LoginTime', target: 'time', description: '' },
			{ source: 'LatestLogin.SourceIp', target: 'ip', description: '' }
		]
	}
};

describe('latest login per user (LoginHistory joined on UserId)', () => {
	it('builds the LoginHistory query through the composer, newest first', () => {
		expect(latestLoginQuery(['005A00000000001AAA', '005A00000000002AAA'])).toBe(
			"SELECT UserId, LoginTime, Status, SourceIp, LoginType, Application, Browser, Platform FROM LoginHistory WHERE UserId IN ('005A00000000001AAA', '005A00000000002AAA') ORDER BY LoginTime DESC"
		);
	});

	it('attaches the newest LoginHistory row of each user, in queries of at most 200 users', async () => {
		const { client, requests } = setup(600);
		const users = await client.query('SELECT Id FROM User ORDER BY Id LIMIT 450');
		requests.length = 0;
		await attachLatestLogins(client, users.records);
		expect(requests.filter((url) => url.includes('FROM LoginHistory'))).toHaveLength(3);
		for (const record of users.records.slice(0, 40)) {
			const expected = await newestLogin(client, record.Id as string);
			const latest = record.LatestLogin as Record<string, unknown>;
			expect(latest.Status).toBe(expected?.Status);
			expect(latest.LoginTime).toBe(expected?.LoginTime);
			expect(latest.SourceIp).toBe(expected?.SourceIp);
		}
	});

	it('gives null to a record without a usable Id', async () => {
		const { client } = setup(20);
		const records = [{ Email: 'x@example.com' }];
		await attachLatestLogins(client, records);
		expect(records[0]).toHaveProperty('LatestLogin', null);
	});

	it('feeds the mapping in a whole run and in a test run', async () => {
		const { client } = setup(500);
		const rows: RunRow[] = [];
		const outcome = await executeRun({
			runId: 'r',
			connector,
			client,
			mapping: compileMapping(connector.mapping),
			sink: { writePage: async (page) => void rows.push(...page.rows) }
		});
		expect(outcome.status).toBe('success');
		expect(rows.length).toBe(outcome.checkpoint.processed);
		for (const row of rows.slice(0, 25)) {
			const expected = await newestLogin(client, row.id as string);
			expect(row.values).toMatchObject({
				status: expected?.Status,
				time: expected?.LoginTime,
				ip: expected?.SourceIp
			});
		}
		const sample = await sampleConnector({
			client,
			connector,
			mapping: compileMapping(connector.mapping),
			size: 3
		});
		expect(sample.records[0]).toHaveProperty('LatestLogin');
		expect(sample.rows[0].values).toHaveProperty('status');
	});
});
