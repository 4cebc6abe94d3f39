import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorServer } from '../../tests/emulator-server';
import { catalogSelection, cursorFromSingerState } from './singer';
import { EXAMPLE_CONNECTOR, jsonLines, runCli, startEmulator, tempDir } from '../../tests/unit/cli-testing';

/**
 * The messages of singer-io/getting-started docs/SPEC.md as JSON Schema: every message has a `type`;
 * RECORD needs `stream` and `record` (time_extracted optional, RFC 3339), SCHEMA needs `stream`, `schema`
 * and `key_properties` (bookmark_properties optional), STATE needs `value`.
 */
const SINGER_MESSAGE = {
	oneOf: [
		{
			type: 'object',
			required: ['type', 'stream', 'record'],
			properties: {
				type: { const: 'RECORD' },
				stream: { type: 'string' },
				record: { type: 'object' },
				time_extracted: {
					type: 'string',
					pattern: '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)$'
				}
			}
		},
		{
			type: 'object',
			required: ['type', 'stream', 'schema', 'key_properties'],
			properties: {
				type: { const: 'SCHEMA' },
				stream: { type: 'string' },
				schema: { type: 'object' },
				key_properties: { type: 'array', items: { type: 'string' } },
				bookmark_properties: { type: 'array', items: { type: 'string' } }
			}
		},
		{ type: 'object', required: ['type', 'value'], properties: { type: { const: 'STATE' }, value: {} } }
	]
};

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const isSingerMessage = ajv.compile(SINGER_MESSAGE);

let server: EmulatorServer;
let dir: { path: string; remove(): Promise<void> };
let configPath: string;

beforeAll(async () => {
	server = await startEmulator({ users: 800 });
	dir = await tempDir();
	configPath = join(dir.path, 'config.json');
	const credential = { kind: 'access_token', accessToken: server.token, instanceUrl: server.url };
	await writeFile(configPath, JSON.stringify({ connector_file: EXAMPLE_CONNECTOR, credential }));
});

afterAll(async () => {
	await server.close();
	await dir.remove();
});

/** Ids of the deleted users, straight from the emulator's REST API (queryAll). */
async function deletedUserIds(): Promise<string[]> {
	const query = encodeURIComponent('SELECT Id FROM User WHERE IsDeleted = true');
	const response = await fetch(`${server.url}/services/data/v66.0/queryAll?q=${query}`, {
		headers: { Authorization: `Bearer ${server.token}` }
	});
	const body = (await response.json()) as { done: boolean; records: { Id: string }[] };
	expect(body.done).toBe(true);
	return body.records.map((record) => record.Id);
}

/** Checks every line against the spec, and every RECORD against the SCHEMA before it. */
function checkSingerOutput(stdout: string) {
	const messages = jsonLines(stdout);
	let recordSchema: ReturnType<typeof ajv.compile> | null = null;
	for (const message of messages) {
		expect(isSingerMessage(message), JSON.stringify(isSingerMessage.errors)).toBe(true);
		if (message.type === 'SCHEMA') {
			const schema = message.schema as { properties: Record<string, unknown> };
			for (const key of [
				...(message.key_properties as string[]),
				...((message.bookmark_properties as string[]) ?? [])
			])
				expect(Object.keys(schema.properties)).toContain(key);
			recordSchema = ajv.compile(schema);
		}
		if (message.type === 'RECORD') {
			expect(recordSchema, 'a RECORD before its SCHEMA').not.toBeNull();
			expect(recordSchema!(message.record), JSON.stringify(recordSchema!.errors)).toBe(true);
		}
	}
	return messages;
}

describe('Singer tap mode', { timeout: 180_000 }, () => {
	it('discovers one selected, incremental users stream', async () => {
		const result = await runCli(['--singer', '--config', configPath, '--discover']);
		expect(result.code).toBe(0);
		const [catalog] = jsonLines(result.stdout) as [{ streams: Record<string, unknown>[] }];
		expect(catalog.streams).toHaveLength(1);
		expect(catalog.streams[0]).toMatchObject({
			tap_stream_id: 'users',
			stream: 'users',
			key_properties: ['id']
		});
		expect(catalogSelection(catalog)).toBe('incremental');
	});

	it('syncs SCHEMA, RECORD and STATE messages, then only what changed since the state', async () => {
		const first = await runCli(['--singer', '--config', configPath]);
		expect(first.code).toBe(0);
		const messages = checkSingerOutput(first.stdout);
		expect(messages[0].type).toBe('SCHEMA');
		expect(messages.at(-1)?.type).toBe('STATE');
		const records = messages
			.filter((message) => message.type === 'RECORD')
			.map((message) => message.record as Record<string, unknown>);
		expect(records.length).toBeGreaterThan(500);
		expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
		const state = messages.at(-1)!.value;
		const cursor = cursorFromSingerState(state)!;
		expect(cursor.systemModstamp).toBe(
			records
				.map((record) => new Date(String(record.SystemModstamp).replace('+0000', 'Z')).toISOString())
				.sort()
				.at(-1)
		);

		const lookbackStart = Date.parse(cursor.systemModstamp) - 600_000;
		const statePath = join(dir.path, 'state.json');
		await writeFile(statePath, JSON.stringify(state));
		const beforeIds = new Set(records.map((record) => record.id));
		const deletedBefore = new Set(await deletedUserIds());
		await fetch(`${server.url}/__emulator/changes`, {
			method: 'POST',
			body: JSON.stringify({ added: 5, changed: 6, removed: 4 })
		});
		const second = await runCli(['--singer', '--config', configPath, '--state', statePath]);
		expect(second.code).toBe(0);
		const again = checkSingerOutput(second.stdout)
			.filter((message) => message.type === 'RECORD')
			.map((message) => message.record as Record<string, unknown>);
		const deleted = again.filter((record) => record._sdc_deleted_at);
		const upserts = again.filter((record) => !record._sdc_deleted_at);
		expect(deleted.length).toBeGreaterThanOrEqual(4);
		const deletedIds = new Set(deleted.map((record) => record.id));
		for (const id of (await deletedUserIds()).filter((id) => !deletedBefore.has(id)))
			expect(deletedIds).toContain(id);
		expect(upserts.filter((record) => deletedIds.has(record.id))).toEqual([]);
		expect(upserts.filter((record) => !beforeIds.has(record.id)).length).toBeGreaterThan(0);
		for (const record of upserts)
			expect(Date.parse(String(record.SystemModstamp).replace('+0000', 'Z'))).toBeGreaterThanOrEqual(
				lookbackStart
			);
		expect(again.length).toBeLessThan(60);
		const stateAfter = jsonLines(second.stdout).at(-1)!;
		expect(Date.parse(cursorFromSingerState(stateAfter.value)!.systemModstamp)).toBeGreaterThan(
			Date.parse(cursor.systemModstamp)
		);
	});

	it('emits nothing but the state for a catalog that does not select the stream', async () => {
		const catalogPath = join(dir.path, 'catalog.json');
		const discovered = jsonLines(
			(await runCli(['--singer', '--config', configPath, '--discover'])).stdout
		)[0] as {
			streams: { metadata: { metadata: Record<string, unknown> }[] }[];
		};
		discovered.streams[0].metadata[0].metadata.selected = false;
		await writeFile(catalogPath, JSON.stringify(discovered));
		const result = await runCli(['--singer', '--config', configPath, '--catalog', catalogPath]);
		expect(result.code).toBe(0);
		expect(jsonLines(result.stdout).map((message) => message.type)).toEqual(['STATE']);
		expect(JSON.parse(await readFile(catalogPath, 'utf8')).streams[0].tap_stream_id).toBe('users');
	});
});
