import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorServer } from '../../tests/emulator-server';
import { generateKeyPairPem } from '../lib/auth';
import { compileMapping } from '../lib/core/mapping';
import { RunLogSchema, validate } from '../lib/core/model';
import { executeRun } from '../lib/core/run';
import { memorySink } from '../lib/core/run/memory-sink';
import { createSalesforceClient } from '../lib/core/salesforce';
import { DEFAULT_API_VERSION } from './credential';
import {
	accessTokenEnv,
	readCsv,
	runCli,
	startEmulator,
	tempDir,
	writeConnector
} from '../../tests/unit/cli-testing';

let server: EmulatorServer;
let dir: { path: string; remove(): Promise<void> };
let keyFile: string;

beforeAll(async () => {
	const pair = await generateKeyPairPem();
	server = await startEmulator();
	// The apps of an unattended run: JWT bearer with a certificate, client credentials running as the admin.
	server.emulator.ctx.connectedApps.push(
		{
			clientId: 'cli-jwt',
			callbackUrls: [],
			requirePkce: false,
			rotateRefreshTokens: false,
			certificatePem: pair.publicKeyPem,
			scopes: ['api']
		},
		{
			clientId: 'cli-server',
			clientSecret: 'cli-secret',
			callbackUrls: [],
			requirePkce: false,
			rotateRefreshTokens: false,
			runAsUsername: server.emulator.org.adminUser.Username,
			scopes: ['api']
		}
	);
	dir = await tempDir();
	keyFile = join(dir.path, 'key.pem');
	await writeFile(keyFile, pair.privateKeyPem);
});

afterAll(async () => {
	await server.close();
	await dir.remove();
});

/** The identifiers the app's own pipeline (in this process, as the worker runs it) imports right now. */
async function identifiersOfAppRun(
	connector: Parameters<typeof executeRun>[0]['connector']
): Promise<string[]> {
	const memory = memorySink();
	const outcome = await executeRun({
		runId: 'reference',
		connector,
		client: createSalesforceClient({
			fetch: (request) => fetch(request),
			instanceUrl: server.url,
			apiVersion: DEFAULT_API_VERSION,
			getAccessToken: async () => server.token
		}),
		mapping: compileMapping(connector.mapping),
		sink: memory.sink
	});
	expect(outcome.status).toBe('success');
	return memory.rows().map((row) => row.identifier);
}

describe('salesforce-user-connector run', { timeout: 180_000 }, () => {
	it('imports what the app imports and writes the users, the removed users and the run log', async () => {
		const { path, connector } = await writeConnector(dir.path, { batchSize: 200 });
		const stateDir = join(dir.path, 'full');
		const result = await runCli(
			['run', '--connector', path, '--state-dir', stateDir],
			accessTokenEnv(server)
		);
		expect(result.stderr).toMatch(/^success: /m);
		expect(result.code).toBe(0);

		const [header, ...rows] = await readCsv(join(stateDir, 'output', 'users.csv'));
		expect(header).toEqual(['email', ...connector.mapping.fields.map((field) => field.target)]);
		expect(rows.map((row) => row[0])).toEqual(await identifiersOfAppRun(connector));
		expect(await readCsv(join(stateDir, 'output', 'removed.csv'))).toEqual([['email']]);

		const log = JSON.parse(await readFile(join(stateDir, 'output', 'run-log.json'), 'utf8'));
		expect(validate(RunLogSchema, log).ok).toBe(true);
		expect(log).toMatchObject({
			status: 'success',
			name: connector.name,
			nqlId: connector.nqlId,
			processedRows: rows.length,
			errorCode: null
		});
		expect(log.receivedRows).toBe(log.totalSize);
		const [logHeader, logRow] = await readCsv(join(stateDir, 'output', 'run-logs.csv'));
		expect(logHeader).toEqual(
			expect.arrayContaining([
				'time',
				'status',
				'details.name',
				'details.number_of_received_rows',
				'details.number_of_processed_rows'
			])
		);
		expect(logRow[logHeader.indexOf('details.number_of_processed_rows')]).toBe(String(rows.length));
		expect(existsSync(join(stateDir, 'checkpoint.json'))).toBe(false);
	});

	it('lists the users gone since the previous run, and counts the diff in the log', async () => {
		const { path } = await writeConnector(dir.path, { nqlId: 'diff_check', id: 'diff-check' });
		const stateDir = join(dir.path, 'diff');
		expect(
			(
				await runCli(
					['run', '--connector', path, '--state-dir', stateDir, '--format', 'ndjson'],
					accessTokenEnv(server)
				)
			).code
		).toBe(0);
		const before = (await readFile(join(stateDir, 'output', 'users.ndjson'), 'utf8'))
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line).email as string);
		await fetch(`${server.url}/__emulator/changes`, {
			method: 'POST',
			body: JSON.stringify({ removed: 6, changed: 5, added: 4 })
		});
		const second = await runCli(
			['run', '--connector', path, '--state-dir', stateDir, '--format', 'ndjson'],
			accessTokenEnv(server)
		);
		expect(second.code).toBe(0);
		const after = (await readFile(join(stateDir, 'output', 'users.ndjson'), 'utf8'))
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line).email as string);
		const removed = (await readFile(join(stateDir, 'output', 'removed.ndjson'), 'utf8'))
			.trim()
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line).email as string);
		const gone = before.filter((email) => !after.includes(email));
		expect(gone.length).toBeGreaterThan(0);
		expect(removed.sort()).toEqual(gone.sort());
		const log = JSON.parse(await readFile(join(stateDir, 'output', 'run-log.json'), 'utf8'));
		expect(log.diff).toMatchObject({
			removed: gone.length,
			added: after.filter((email) => !before.includes(email)).length
		});
		expect((await readFile(join(stateDir, 'runs.ndjson'), 'utf8')).trim().split('\n')).toHaveLength(2);
	});

	it('refuses a bad connector file with every problem listed, and writes nothing', async () => {
		const { path } = await writeConnector(dir.path, { nqlId: 'bad' });
		const file = JSON.parse(await readFile(path, 'utf8'));
		file.connector.nqlId = 'Not An Id';
		file.connector.batchSize = 5;
		file.connector.colour = 'blue';
		file.connector.mapping.fields[0].source = 'Email &';
		await writeFile(path, JSON.stringify(file));
		const stateDir = join(dir.path, 'never');
		const result = await runCli(
			['run', '--connector', path, '--state-dir', stateDir],
			accessTokenEnv(server)
		);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('Nothing was run or written');
		expect(result.stderr).toMatch(/connector\.nqlId: must start with a lowercase letter/);
		expect(result.stderr).toMatch(/connector\.batchSize: must be at least 200/);
		expect(result.stderr).toMatch(/connector\.colour: unknown field/);
		expect(existsSync(stateDir)).toBe(false);

		await writeFile(
			path,
			JSON.stringify({
				...file,
				connector: {
					...file.connector,
					nqlId: 'ok_id',
					batchSize: 200,
					colour: undefined,
					soql: 'SELECT Id, Name FROM Account'
				}
			})
		);
		const mapping = await runCli(
			['run', '--connector', path, '--state-dir', stateDir],
			accessTokenEnv(server)
		);
		expect(mapping.code).toBe(1);
		expect(mapping.stderr).toMatch(
			/connector\.mapping\.fields\[email\]: Invalid JSONata expression for field email/
		);
		expect(mapping.stderr).toMatch(
			/connector\.soql: QUERY_NOT_USER: The query must read FROM User, not Account\./
		);
		expect(existsSync(stateDir)).toBe(false);
	});

	it('fails with the cause named when the credential is refused', async () => {
		const { path } = await writeConnector(dir.path, { nqlId: 'refused' });
		const stateDir = join(dir.path, 'refused');
		const secret = await runCli(['run', '--connector', path, '--state-dir', stateDir], {
			SF_CREDENTIAL_KIND: 'client_credentials',
			SF_LOGIN_URL: server.url,
			SF_CLIENT_ID: 'cli-server',
			SF_CLIENT_SECRET: 'wrong-secret'
		});
		expect(secret.code).toBe(1);
		expect(secret.stderr).toMatch(
			/^failure — AUTH_CONFIG: The connected app refused this request: invalid_client/m
		);
		expect(existsSync(join(stateDir, 'output', 'users.csv'))).toBe(false);

		const token = await runCli(['run', '--connector', path, '--state-dir', stateDir], {
			...accessTokenEnv(server),
			SF_ACCESS_TOKEN: `${server.token.split('!')[0]}!ThisSessionWasNeverIssuedByTheOrg`
		});
		expect(token.code).toBe(1);
		expect(token.stderr).toMatch(/SF_INVALID_SESSION: /);

		const missing = await runCli(['run', '--connector', path, '--state-dir', stateDir], {
			SF_CREDENTIAL_KIND: 'jwt'
		});
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/credential\.loginUrl: /);
	});

	it('signs in unattended with JWT bearer and with client credentials', async () => {
		const { path } = await writeConnector(dir.path, { nqlId: 'unattended' });
		const username = server.emulator.org.adminUser.Username;
		const jwtFile = join(dir.path, 'jwt.json');
		await writeFile(
			jwtFile,
			JSON.stringify({
				kind: 'jwt',
				loginUrl: server.url,
				clientId: 'cli-jwt',
				username,
				privateKeyFile: keyFile,
				label: 'Nightly JWT'
			})
		);
		const jwt = await runCli([
			'run',
			'--connector',
			path,
			'--state-dir',
			join(dir.path, 'jwt'),
			'--credential',
			jwtFile
		]);
		expect(jwt.stderr).toMatch(/^success: /m);
		expect(jwt.code).toBe(0);
		const log = JSON.parse(await readFile(join(dir.path, 'jwt', 'output', 'run-log.json'), 'utf8'));
		expect(log.credentials).toBe('Nightly JWT');

		const secret = await runCli(['run', '--connector', path, '--state-dir', join(dir.path, 'secret')], {
			SF_CREDENTIAL_KIND: 'client_credentials',
			SF_LOGIN_URL: server.url,
			SF_CLIENT_ID: 'cli-server',
			SF_CLIENT_SECRET: 'cli-secret'
		});
		expect(secret.code).toBe(0);
	});
});
