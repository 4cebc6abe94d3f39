import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorServer } from '../../tests/emulator-server';
import {
	accessTokenEnv,
	readCsv,
	runCli,
	startCli,
	startEmulator,
	tempDir,
	writeConnector
} from '../../tests/unit/cli-testing';

let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
	dir = await tempDir();
});

afterAll(async () => {
	await dir.remove();
});

/** Polls until `check` holds (bounded: 60 s). */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
	for (let attempt = 0; attempt < 600; attempt++) {
		if (await check()) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error('the condition never held');
}

async function storedPage(stateDir: string): Promise<number> {
	try {
		return JSON.parse(await readFile(join(stateDir, 'checkpoint.json'), 'utf8')).checkpoint.pages as number;
	} catch {
		return 0;
	}
}

const usersOf = async (stateDir: string) => (await readCsv(join(stateDir, 'output', 'users.csv'))).slice(1);

describe('an interrupted run', { timeout: 180_000 }, () => {
	let server: EmulatorServer;
	beforeAll(async () => {
		server = await startEmulator({ users: 1500, latencyMs: 150 });
	});
	afterAll(() => server.close());

	it('resumes after a kill from its last stored page, with no duplicates and nothing missing', async () => {
		const { path } = await writeConnector(dir.path, { batchSize: 200, nqlId: 'killed' });
		const stateDir = join(dir.path, 'killed');
		const started = startCli(['run', '--connector', path, '--state-dir', stateDir], accessTokenEnv(server));
		await waitFor(async () => (await storedPage(stateDir)) >= 2);
		started.child.kill('SIGKILL');
		const killed = await started.done;
		expect(killed.code).toBeNull();
		const pageAtKill = await storedPage(stateDir);
		expect(pageAtKill).toBeGreaterThanOrEqual(2);
		expect(existsSync(join(stateDir, 'output', 'users.csv'))).toBe(false);

		const resumed = await runCli(
			['run', '--connector', path, '--state-dir', stateDir],
			accessTokenEnv(server)
		);
		expect(resumed.stderr).toMatch(new RegExp(`Resuming run .* after page ${pageAtKill}\\.`));
		expect(resumed.code).toBe(0);
		const users = await usersOf(stateDir);
		const identifiers = users.map((row) => row[0]);
		expect(new Set(identifiers.map((email) => email.toLowerCase())).size).toBe(identifiers.length);

		const reference = join(dir.path, 'uninterrupted');
		expect(
			(await runCli(['run', '--connector', path, '--state-dir', reference], accessTokenEnv(server))).code
		).toBe(0);
		expect(users).toEqual(await usersOf(reference));
		const log = JSON.parse(await readFile(join(stateDir, 'output', 'run-log.json'), 'utf8'));
		expect(log.processedRows).toBe(users.length);
		expect(log.receivedRows).toBe(log.totalSize);
	});

	it('stops after its current page on SIGTERM, says so, and the next run finishes it', async () => {
		const { path } = await writeConnector(dir.path, { batchSize: 200, nqlId: 'stopped' });
		const stateDir = join(dir.path, 'stopped');
		const started = startCli(['run', '--connector', path, '--state-dir', stateDir], accessTokenEnv(server));
		await waitFor(async () => (await storedPage(stateDir)) >= 1);
		started.child.kill('SIGTERM');
		const stopped = await started.done;
		expect(stopped.code).toBe(1);
		expect(stopped.stderr).toMatch(/^cancelled — RUN_CANCELLED: Cancelled after page \d+\./m);
		const log = JSON.parse((await readFile(join(stateDir, 'runs.ndjson'), 'utf8')).trim());
		expect(log.status).toBe('cancelled');
		expect(await storedPage(stateDir)).toBe(log.pages);

		const resumed = await runCli(
			['run', '--connector', path, '--state-dir', stateDir],
			accessTokenEnv(server)
		);
		expect(resumed.code).toBe(0);
		expect(resumed.stderr).toMatch(new RegExp(`Resuming run ${log.id} after page ${log.pages}\\.`));
	});
});

describe('an incremental run', { timeout: 180_000 }, () => {
	let server: EmulatorServer;
	beforeAll(async () => {
		server = await startEmulator({ users: 1500 });
	});
	afterAll(() => server.close());

	it('writes exactly the added, changed and removed users, and ends where a full run ends', async () => {
		const { path } = await writeConnector(dir.path, { batchSize: 500, nqlId: 'incremental' });
		const incremental = join(dir.path, 'incremental');
		const full = join(dir.path, 'full');
		const run = (stateDir: string, ...extra: string[]) =>
			runCli(['run', '--connector', path, '--state-dir', stateDir, ...extra], accessTokenEnv(server));
		expect((await run(incremental, '--incremental')).code).toBe(0);
		const cursor = JSON.parse(await readFile(join(incremental, 'cursor.json'), 'utf8'));
		expect(cursor.systemModstamp).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect((await run(full)).code).toBe(0);
		const before = new Map((await usersOf(full)).map((row) => [row[0], row.join('\u0000')]));

		await fetch(`${server.url}/__emulator/changes`, {
			method: 'POST',
			body: JSON.stringify({ added: 12, changed: 15, removed: 9 })
		});
		const second = await run(incremental, '--incremental', '--lookback', '900');
		expect(second.code).toBe(0);
		expect(second.stderr).toMatch(/Incremental since /);
		expect((await run(full)).code).toBe(0);
		const after = new Map((await usersOf(full)).map((row) => [row[0], row.join('\u0000')]));

		const expectedWritten = [...after]
			.filter(([email, row]) => before.get(email) !== row)
			.map(([email]) => email);
		const expectedRemoved = [...before.keys()].filter((email) => !after.has(email));
		expect(expectedWritten.length).toBeGreaterThan(10);
		expect(expectedRemoved.length).toBeGreaterThan(0);
		const written = (await usersOf(incremental)).map((row) => row[0]);
		const removed = (await readCsv(join(incremental, 'output', 'removed.csv'))).slice(1).map((row) => row[0]);
		expect(written.sort()).toEqual(expectedWritten.sort());
		expect(removed.sort()).toEqual(expectedRemoved.sort());

		const log = JSON.parse(await readFile(join(incremental, 'output', 'run-log.json'), 'utf8'));
		expect(log.soql).toMatch(/SystemModstamp >= \d{4}-/);
		expect(log.receivedRows).toBeLessThan(100);
		const merged = (await readFile(join(incremental, 'previous', 'rows.ndjson'), 'utf8')).trim().split('\n');
		expect(merged.map((line) => JSON.parse(line).identifier).sort()).toEqual([...after.keys()].sort());
	});
});
