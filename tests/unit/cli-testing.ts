/**
 * Test helpers of the command: the emulator over HTTP, the command as a child process (the way cron, Meltano
 * or Airbyte start it), temporary directories and connector files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { startEmulatorServer, type EmulatorServer, type EmulatorServerOptions } from '../emulator-server';
import { connectorFromJson, connectorToJson } from '../../src/lib/core/connector-io';
import type { Connector } from '../../src/lib/core/model';

/** The command's launcher. */
export const BIN = fileURLToPath(new URL('../../src/cli/bin.mjs', import.meta.url));
/** The example connector file the README uses. */
export const EXAMPLE_CONNECTOR = fileURLToPath(
	new URL('../fixtures/cli/example.connector.json', import.meta.url)
);

/** What a finished child process left. */
export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Starts the command; `done` resolves when it exits. */
export function startCli(
	args: string[],
	env: Record<string, string> = {}
): { child: ChildProcess; done: Promise<CliResult> } {
	const child = spawn(process.execPath, [BIN, ...args], {
		env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
	const done = new Promise<CliResult>((resolve, reject) => {
		child.once('error', reject);
		child.once('close', (code) => resolve({ code, stdout, stderr }));
	});
	return { child, done };
}

/** Runs the command to its end. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
	return startCli(args, env).done;
}

/** The environment of an access-token credential for an emulator. */
export function accessTokenEnv(server: EmulatorServer): Record<string, string> {
	return { SF_CREDENTIAL_KIND: 'access_token', SF_ACCESS_TOKEN: server.token, SF_INSTANCE_URL: server.url };
}

/** A temporary directory and its removal. */
export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
	const path = await mkdtemp(join(tmpdir(), 'suc-cli-'));
	return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The example connector with changes, written as a connector file in `dir`. */
export async function writeConnector(
	dir: string,
	change: Partial<Connector> = {}
): Promise<{ path: string; connector: Connector }> {
	const read = connectorFromJson(await readFile(EXAMPLE_CONNECTOR, 'utf8'));
	if (!read.ok) throw new Error('the example connector does not validate');
	const connector = { ...read.connector, ...change };
	const path = join(dir, `${connector.nqlId}.connector.json`);
	await writeFile(path, connectorToJson(connector));
	return { path, connector };
}

/** An emulator on a free port of 127.0.0.1 with a fixed seed. */
export function startEmulator(options: EmulatorServerOptions = {}): Promise<EmulatorServer> {
	return startEmulatorServer({ port: 0, seed: 13, users: 1200, ...options });
}

/** The rows of a CSV file the command wrote (BOM and CRLF handled). */
export async function readCsv(path: string): Promise<string[][]> {
	const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
	return Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
}

/** The JSON messages of a line-per-message output. */
export function jsonLines(text: string): Record<string, unknown>[] {
	return text
		.split('\n')
		.filter((line) => line.trim().length > 0)
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}
