import { describe, expect, it } from 'vitest';
import { ConnectorSchema, CredentialSchema, RunLogSchema, validate } from './model';

function connector(overrides: Record<string, unknown> = {}) {
	return {
		id: 'c1',
		name: 'Sales users',
		nqlId: 'sales_users',
		description: 'Users of the sales org',
		template: 'Identity minimal',
		schedule: { kind: 'daily', at: '06:30' },
		active: true,
		credentialId: 'cred1',
		soql: 'SELECT Id, Email FROM User',
		userStatus: 'active',
		companyDomains: ['example.com'],
		batchSize: 2000,
		includeDeleted: false,
		mapping: {
			identifier: { expression: 'Email', kind: 'email' },
			fields: [{ source: 'Department', target: 'department' }]
		},
		createdAt: 1,
		updatedAt: 2,
		...overrides
	};
}

describe('ConnectorSchema', () => {
	it('accepts a valid connector and fills defaults', () => {
		const result = validate(ConnectorSchema, connector());
		expect(result.ok).toBe(true);
		if (result.ok) expect(result.value.mapping.fields[0].description).toBe('');
	});

	it('accepts every schedule kind', () => {
		for (const schedule of [
			{ kind: 'manual' },
			{ kind: 'hourly', everyHours: 6 },
			{ kind: 'daily', at: '23:59' },
			{ kind: 'weekly', days: [1, 3, 5], at: '08:00' }
		])
			expect(validate(ConnectorSchema, connector({ schedule })).ok).toBe(true);
	});

	it('lists every problem at once with its path and message', () => {
		const result = validate(
			ConnectorSchema,
			connector({
				name: '  ',
				nqlId: 'Sales Users',
				schedule: { kind: 'daily', at: '25:00' },
				batchSize: 50,
				companyDomains: ['not a domain'],
				mapping: { identifier: { expression: '', kind: 'upn' }, fields: [{ source: 'Title', target: '' }] }
			})
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toEqual(
			expect.arrayContaining([
				{ path: 'name', message: 'name must not be empty' },
				{
					path: 'nqlId',
					message: 'must start with a lowercase letter and use only a-z, 0-9 and _ (64 at most)'
				},
				{ path: 'schedule.at', message: 'must be a time of day as HH:MM' },
				{ path: 'batchSize', message: 'must be at least 200' },
				{ path: 'companyDomains.0', message: 'must be * or a domain like example.com' },
				{ path: 'mapping.identifier.expression', message: 'identifier expression must not be empty' },
				{ path: 'mapping.fields.0.target', message: 'target field must not be empty' }
			])
		);
		expect(result.problems).toHaveLength(7);
	});

	it('rejects unknown fields and wrong types (Q29)', () => {
		const result = validate(ConnectorSchema, connector({ colour: 'blue', active: 'yes' }));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toContainEqual({ path: 'colour', message: 'unknown field' });
		expect(result.problems.find((problem) => problem.path === 'active')?.message).toMatch(/boolean/);
	});

	it('rejects an identifier kind other than upn or email', () => {
		const result = validate(
			ConnectorSchema,
			connector({ mapping: { identifier: { expression: 'Email', kind: 'sid' }, fields: [] } })
		);
		expect(result.ok).toBe(false);
		if (!result.ok)
			expect(result.problems).toEqual([
				{ path: 'mapping.identifier.kind', message: 'must be "upn" or "email"' }
			]);
	});
});

describe('CredentialSchema', () => {
	it('accepts a PKCE credential on a My Domain and rejects a bad URL', () => {
		const base = {
			id: 'cred1',
			label: 'Production',
			kind: 'pkce',
			loginHost: { kind: 'mydomain', url: 'https://acme.my.salesforce.com' },
			clientId: '3MVG9',
			createdAt: 1,
			updatedAt: 1
		};
		const ok = validate(CredentialSchema, base);
		expect(ok.ok).toBe(true);
		if (ok.ok) expect(ok.value.remember).toBe(false);
		const bad = validate(CredentialSchema, { ...base, loginHost: { kind: 'mydomain', url: 'acme' } });
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(bad.problems).toEqual([{ path: 'loginHost.url', message: 'must be a URL' }]);
	});
});

describe('RunLogSchema', () => {
	it('holds the execution-log fields of seed 000 and rejects an unknown status', () => {
		const log = {
			id: 'r1',
			connectorId: 'c1',
			time: 10,
			status: 'partial',
			name: 'Sales users',
			description: 'Too many rows received: only the first 3,000,000 were processed.',
			connector: 'All user attributes',
			credentials: 'Production',
			credentialsId: 'cred1',
			nqlId: 'sales_users',
			receivedRows: 3_000_100,
			processedRows: 3_000_000,
			startedAt: 10,
			finishedAt: 20,
			pages: 1501,
			skipped: 0,
			duplicates: 0,
			errorCode: 'RUN_TOO_MANY_ROWS',
			totalSize: 3_000_100,
			trigger: 'manual',
			soql: 'SELECT Id FROM User',
			skippedReasons: {},
			duplicatesSample: [],
			diff: null,
			columns: ['email']
		};
		expect(validate(RunLogSchema, log).ok).toBe(true);
		const bad = validate(RunLogSchema, { ...log, status: 'done' });
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(bad.problems[0].path).toBe('status');
	});
});
