import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorServer } from '../../tests/emulator-server';
import { cursorFromAirbyteState } from './airbyte';
import { EXAMPLE_CONNECTOR, jsonLines, runCli, startEmulator, tempDir } from '../../tests/unit/cli-testing';

const PROTOCOL_PATH = fileURLToPath(
	new URL('../../tests/fixtures/airbyte/airbyte_protocol.json', import.meta.url)
);

let server: EmulatorServer;
let dir: { path: string; remove(): Promise<void> };
let configPath: string;
let ajv: Ajv;
let isMessage: ReturnType<Ajv['compile']>;
let isConfiguredCatalog: ReturnType<Ajv['compile']>;

beforeAll(async () => {
	const protocol = JSON.parse(await readFile(PROTOCOL_PATH, 'utf8'));
	ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
	ajv.addSchema(protocol);
	isMessage = ajv.getSchema(`${protocol.$id}#/definitions/AirbyteMessage`)!;
	isConfiguredCatalog = ajv.getSchema(`${protocol.$id}#/definitions/ConfiguredAirbyteCatalog`)!;
	server = await startEmulator({ users: 700 });
	dir = await tempDir();
	configPath = join(dir.path, 'config.json');
	const connector = JSON.parse(await readFile(EXAMPLE_CONNECTOR, 'utf8'));
	const credential = { kind: 'access_token', accessToken: server.token, instanceUrl: server.url };
	await writeFile(configPath, JSON.stringify({ connector, credential, lookback_seconds: 600 }));
});

afterAll(async () => {
	await server.close();
	await dir.remove();
});

/** Every line of the output as a valid AirbyteMessage. */
function messagesOf(stdout: string): Record<string, unknown>[] {
	const messages = jsonLines(stdout);
	for (const message of messages) expect(isMessage(message), JSON.stringify(isMessage.errors)).toBe(true);
	return messages;
}

async function configuredCatalog(syncMode: 'full_refresh' | 'incremental'): Promise<string> {
	const [catalog] = messagesOf((await runCli(['discover', '--config', configPath])).stdout);
	const stream = (catalog.catalog as { streams: Record<string, unknown>[] }).streams[0];
	const configured = {
		streams: [
			{
				stream,
				sync_mode: syncMode,
				destination_sync_mode: 'append_dedup',
				cursor_field: ['SystemModstamp'],
				primary_key: [['id']]
			}
		]
	};
	expect(isConfiguredCatalog(configured), JSON.stringify(isConfiguredCatalog.errors)).toBe(true);
	const path = join(dir.path, `catalog-${syncMode}.json`);
	await writeFile(path, JSON.stringify(configured));
	return path;
}

describe('Airbyte source mode', { timeout: 180_000 }, () => {
	it('answers spec, check and discover with valid protocol messages', async () => {
		const spec = await runCli(['spec']);
		expect(spec.code).toBe(0);
		const [specMessage] = messagesOf(spec.stdout);
		expect(specMessage.type).toBe('SPEC');
		const connection = (specMessage.spec as { connectionSpecification: object }).connectionSpecification;
		const config = JSON.parse(await readFile(configPath, 'utf8'));
		expect(ajv.validate(connection, config), JSON.stringify(ajv.errors)).toBe(true);

		const check = await runCli(['check', '--config', configPath]);
		expect(messagesOf(check.stdout)).toEqual([
			{ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } }
		]);
		expect(check.code).toBe(0);

		const badPath = join(dir.path, 'bad-config.json');
		await writeFile(
			badPath,
			JSON.stringify({
				...config,
				credential: {
					...config.credential,
					accessToken: `${server.token.split('!')[0]}!NotASessionOfThisOrgAtAll`
				}
			})
		);
		const refused = await runCli(['check', '--config', badPath]);
		const [status] = messagesOf(refused.stdout) as [
			{ connectionStatus: { status: string; message: string } }
		];
		expect(status.connectionStatus.status).toBe('FAILED');
		expect(status.connectionStatus.message).toMatch(/^SF_INVALID_SESSION: /);
		expect(refused.code).toBe(1);

		const discover = await runCli(['discover', '--config', configPath]);
		const [catalog] = messagesOf(discover.stdout) as [
			{ type: string; catalog: { streams: Record<string, unknown>[] } }
		];
		expect(catalog.type).toBe('CATALOG');
		expect(catalog.catalog.streams[0]).toMatchObject({
			name: 'users',
			supported_sync_modes: ['full_refresh', 'incremental'],
			source_defined_cursor: true,
			default_cursor_field: ['SystemModstamp'],
			source_defined_primary_key: [['id']]
		});
	});

	it('reads every user, then only the changes since the state it emitted, all as valid messages', async () => {
		const full = await runCli([
			'read',
			'--config',
			configPath,
			'--catalog',
			await configuredCatalog('full_refresh')
		]);
		expect(full.code).toBe(0);
		const messages = messagesOf(full.stdout);
		const records = messages
			.filter((message) => message.type === 'RECORD')
			.map((message) => message.record as { stream: string; data: Record<string, unknown> });
		const [catalog] = messagesOf((await runCli(['discover', '--config', configPath])).stdout);
		const isRecord = ajv.compile(
			(catalog.catalog as { streams: { json_schema: object }[] }).streams[0].json_schema
		);
		for (const record of records) expect(isRecord(record.data), JSON.stringify(isRecord.errors)).toBe(true);
		expect(records.length).toBeGreaterThan(400);
		const states = messages.filter((message) => message.type === 'STATE');
		expect(states).toHaveLength(1);
		expect(states[0]).toMatchObject({
			state: {
				type: 'STREAM',
				stream: { stream_descriptor: { name: 'users' } },
				sourceStats: { recordCount: records.length }
			}
		});

		const statePath = join(dir.path, 'state.json');
		await writeFile(statePath, JSON.stringify([states[0].state]));
		const cursor = cursorFromAirbyteState([states[0].state])!;
		await fetch(`${server.url}/__emulator/changes`, {
			method: 'POST',
			body: JSON.stringify({ added: 3, changed: 3, removed: 3 })
		});
		const incremental = await runCli([
			'read',
			'--config',
			configPath,
			'--catalog',
			await configuredCatalog('incremental'),
			'--state',
			statePath
		]);
		expect(incremental.code).toBe(0);
		const changes = messagesOf(incremental.stdout)
			.filter((message) => message.type === 'RECORD')
			.map((message) => (message.record as { data: Record<string, unknown> }).data);
		expect(changes.length).toBeLessThan(40);
		expect(changes.filter((data) => data._ab_cdc_deleted_at).length).toBeGreaterThanOrEqual(3);
		const known = new Set(records.map((record) => record.data.id));
		expect(changes.filter((data) => !data._ab_cdc_deleted_at && !known.has(data.id)).length).toBeGreaterThan(
			0
		);
		const lookbackStart = Date.parse(cursor.systemModstamp) - 600_000;
		for (const data of changes.filter((item) => !item._ab_cdc_deleted_at))
			expect(Date.parse(String(data.SystemModstamp).replace('+0000', 'Z'))).toBeGreaterThanOrEqual(
				lookbackStart
			);
	});

	it('reports a bad config as a TRACE error', async () => {
		const badPath = join(dir.path, 'no-connector.json');
		await writeFile(badPath, JSON.stringify({ credential: { kind: 'access_token' } }));
		const result = await runCli([
			'read',
			'--config',
			badPath,
			'--catalog',
			await configuredCatalog('full_refresh')
		]);
		expect(result.code).toBe(1);
		const [trace] = messagesOf(result.stdout) as [
			{ type: string; trace: { type: string; error: { message: string } } }
		];
		expect(trace.type).toBe('TRACE');
		expect(trace.trace.type).toBe('ERROR');
		expect(trace.trace.error.message).toMatch(/connector: is missing/);
		expect(trace.trace.error.message).toMatch(/credential\.accessToken/);
	});
});
