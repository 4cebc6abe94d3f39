/**
 * Command benchmark: `salesforce-user-connector` as a child process against the emulator over HTTP (100,000
 * users): a full run to CSV, an incremental run after 1,000 changes, and a Singer sync to a sink that drops
 * the lines. Wall times include the start of Node and tsx.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_CONNECTOR, accessTokenEnv, runCli, startEmulator } from '../unit/cli-testing';
import type { Bench, BenchRow } from './types';

const USERS = 100_000;

export const benchCli: Bench = async () => {
	const server = await startEmulator({ users: USERS });
	const dir = await mkdtemp(join(tmpdir(), 'suc-bench-'));
	const rows: BenchRow[] = [];
	const timed = async (args: string[]) => {
		const started = performance.now();
		const result = await runCli(args, accessTokenEnv(server));
		if (result.code !== 0) throw new Error(`the command failed: ${result.stderr}`);
		return { ms: performance.now() - started, result };
	};
	try {
		const run = ['run', '--connector', EXAMPLE_CONNECTOR, '--state-dir', join(dir, 'state'), '--incremental'];
		const full = await timed(run);
		const received = Number(/from ([\d,]+) received/.exec(full.result.stderr)?.[1].replace(/,/g, '') ?? NaN);
		rows.push(
			{
				group: 'command',
				name: `full run to CSV, ${USERS.toLocaleString('en-US')} users`,
				value: full.ms / 1000,
				unit: 's'
			},
			{
				group: 'command',
				name: 'full run, records received per second (wall)',
				value: (received * 1000) / full.ms,
				unit: 'records/s'
			}
		);
		await fetch(`${server.url}/__emulator/changes`, {
			method: 'POST',
			body: JSON.stringify({ added: 300, changed: 500, removed: 200 })
		});
		const incremental = await timed(run);
		rows.push({
			group: 'command',
			name: 'incremental run after 1,000 changes',
			value: incremental.ms / 1000,
			unit: 's'
		});
		const config = join(dir, 'config.json');
		await writeFile(config, JSON.stringify({ connector_file: EXAMPLE_CONNECTOR }));
		const singer = await timed(['--config', config]);
		rows.push({
			group: 'command',
			name: 'Singer sync, messages per second (wall)',
			value: (singer.result.stdout.split('\n').length * 1000) / singer.ms,
			unit: 'messages/s'
		});
		return rows;
	} finally {
		await server.close();
		await rm(dir, { recursive: true, force: true });
	}
};
