/**
 * `salesforce-user-connector`: the app's run pipeline as a command, as a Singer tap (`--singer`) and as an
 * Airbyte source (`spec`, `check`, `discover`, `read`). `main` returns the exit code: 0 success,
 * 2 partial, 1 failure.
 */
import { parseArgs } from 'node:util';
import { toAppError } from '../lib/core/errors';
import type { ExportFormat } from '../lib/core/export';
import { airbyteCatalog, airbyteCheck, airbyteError, airbyteRead, airbyteSpec } from './airbyte';
import { CREDENTIAL_VARIABLES } from './credential';
import { MIN_LOOKBACK_SECONDS } from './cursor';
import { createLineWriter, type LineWriter } from './lines';
import { formatProblems, loadConnector, loadCredential, loadJson } from './load';
import { loadTapConfig } from './tap';
import { describeError, exitCodeOf, runCommand } from './run-command';
import { singerCatalog, singerSync } from './singer';
import type { FetchLike } from '../lib/core/salesforce';

/** The help text. */
export const USAGE = `Usage:
  salesforce-user-connector run --connector FILE --state-dir DIR [options]
  salesforce-user-connector [--singer] --config FILE [--state FILE] [--discover | --catalog FILE]
  salesforce-user-connector spec | check --config FILE | discover --config FILE
  salesforce-user-connector read --config FILE --catalog FILE [--state FILE]

Run (the connector file exported from the app; state and output in a directory):
  --connector FILE      connector file (*.connector.json)
  --state-dir DIR       checkpoint, previous run, cursor and run logs; an interrupted run resumes from here
  --out DIR             where users.*, removed.*, run-log.json, run-logs.csv go (default DIR/output)
  --format F            csv (Excel-safe, default), json or ndjson
  --incremental         read only users whose SystemModstamp moved since the last run (minus the lookback)
  --lookback SECONDS    lookback window, at least ${MIN_LOOKBACK_SECONDS} (default ${MIN_LOOKBACK_SECONDS})
  --restart             drop an interrupted run instead of resuming it
  --credential FILE     credential JSON; else the environment: ${CREDENTIAL_VARIABLES.join(', ')}

Credential kinds: jwt (loginUrl, clientId, username, privateKeyFile), client_credentials (loginUrl,
clientId, clientSecret), refresh_token (loginUrl, clientId, refreshToken[, clientSecret]), access_token
(accessToken, instanceUrl). loginUrl is the org's My Domain URL.

Singer and Airbyte configs: {"connector": {…file JSON…} | "connector_file": "path", "credential": {…},
"lookback_seconds": ${MIN_LOOKBACK_SECONDS}}; the credential may come from the environment instead.

Exit codes: 0 success, 2 partial (row cap or count mismatch), 1 failure.
`;

const OPTIONS = {
	help: { type: 'boolean', short: 'h' },
	connector: { type: 'string' },
	'state-dir': { type: 'string' },
	out: { type: 'string' },
	format: { type: 'string', default: 'csv' },
	incremental: { type: 'boolean' },
	lookback: { type: 'string', default: String(MIN_LOOKBACK_SECONDS) },
	restart: { type: 'boolean' },
	credential: { type: 'string' },
	singer: { type: 'boolean' },
	config: { type: 'string' },
	state: { type: 'string' },
	catalog: { type: 'string' },
	properties: { type: 'string' },
	discover: { type: 'boolean' }
} as const;

/** Where the command talks and reads. */
export interface MainIo {
	fetch: FetchLike;
	environment: NodeJS.ProcessEnv;
	stdout: LineWriter;
	/** Human-readable lines (stderr). */
	log: (text: string) => void;
	/** Aborted on SIGINT or SIGTERM: a run stops after its current page and resumes next time. */
	signal?: AbortSignal;
}

function defaultIo(): MainIo {
	const controller = new AbortController();
	// The first signal stops the run cleanly; a second one ends the process at once (the default).
	process.once('SIGINT', () => controller.abort());
	process.once('SIGTERM', () => controller.abort());
	return {
		signal: controller.signal,
		fetch: (request) => fetch(request),
		environment: process.env,
		stdout: createLineWriter(process.stdout),
		log: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`)
	};
}

async function optionalJson(
	path: string | undefined,
	what: string,
	io: MainIo
): Promise<{ ok: boolean; value: unknown }> {
	if (!path) return { ok: true, value: null };
	const read = await loadJson(path, what);
	if (!read.ok) io.log(formatProblems(`The ${what} has problems:`, read.problems));
	return read.ok ? { ok: true, value: read.value } : { ok: false, value: null };
}

/** Runs the command line; resolves with the exit code. */
export async function main(argv: string[], io: MainIo = defaultIo()): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
	} catch (thrown) {
		io.log(`${thrown instanceof Error ? thrown.message : String(thrown)}\n\n${USAGE}`);
		return 1;
	}
	const { values, positionals } = parsed;
	// Singer runners (Meltano) call a tap with only --config/--state/--catalog: that is Singer mode too.
	const command = positionals[0] ?? (values.singer || values.config ? 'singer' : undefined);
	if (values.help || command === undefined) {
		io.log(USAGE);
		return values.help ? 0 : 1;
	}
	if (command === 'spec') {
		await io.stdout(airbyteSpec());
		return 0;
	}
	if (command === 'run') return runMode(values, io);
	if (!['singer', 'check', 'discover', 'read'].includes(command)) {
		io.log(`Unknown command "${command}".\n\n${USAGE}`);
		return 1;
	}
	if (!values.config) {
		io.log(`--config FILE is required for ${command}.`);
		return 1;
	}
	const config = await loadTapConfig(values.config, io.environment);
	const airbyte = command !== 'singer';
	if (!config.ok) {
		const text = formatProblems('The config has problems:', config.problems);
		if (command === 'check')
			await io.stdout({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'FAILED', message: text } });
		else if (airbyte) await io.stdout(airbyteError({ code: 'INVALID_INPUT', message: text }));
		io.log(text);
		return 1;
	}
	const catalog = await optionalJson(values.catalog ?? values.properties, 'catalog', io);
	const state = await optionalJson(values.state, 'state', io);
	if (!catalog.ok || !state.ok) return 1;
	try {
		switch (command) {
			case 'check': {
				const status = await airbyteCheck(config.value, io.fetch);
				await io.stdout(status);
				return (status.connectionStatus as { status: string }).status === 'SUCCEEDED' ? 0 : 1;
			}
			case 'discover':
				await io.stdout(airbyteCatalog(config.value));
				return 0;
			case 'read':
				return await airbyteRead({
					config: config.value,
					catalog: catalog.value,
					state: state.value,
					fetch: io.fetch,
					write: io.stdout
				});
			default:
				if (values.discover) {
					await io.stdout(singerCatalog(config.value));
					return 0;
				}
				return await singerSync({
					config: config.value,
					catalog: catalog.value,
					state: state.value,
					fetch: io.fetch,
					write: io.stdout,
					log: io.log
				});
		}
	} catch (thrown) {
		const error = toAppError(thrown);
		if (airbyte) await io.stdout(airbyteError(error));
		io.log(describeError(error));
		return 1;
	}
}

async function runMode(values: Record<string, string | boolean | undefined>, io: MainIo): Promise<number> {
	const problems = [];
	if (typeof values.connector !== 'string') problems.push({ path: '--connector', message: 'is required' });
	if (typeof values['state-dir'] !== 'string') problems.push({ path: '--state-dir', message: 'is required' });
	const format = String(values.format);
	if (!['csv', 'json', 'ndjson'].includes(format))
		problems.push({ path: '--format', message: 'must be csv, json or ndjson' });
	const lookback = Number(values.lookback);
	if (!Number.isInteger(lookback) || lookback < MIN_LOOKBACK_SECONDS)
		problems.push({
			path: '--lookback',
			message: `must be a whole number of seconds, at least ${MIN_LOOKBACK_SECONDS}`
		});
	if (problems.length > 0) {
		io.log(formatProblems('The command line has problems:', problems));
		return 1;
	}
	const connector = await loadConnector(String(values.connector));
	const credential = await loadCredential(values.credential as string | undefined, io.environment);
	const found = [...(connector.ok ? [] : connector.problems), ...(credential.ok ? [] : credential.problems)];
	if (!connector.ok || !credential.ok) {
		io.log(formatProblems('Nothing was run or written. Problems:', found));
		return 1;
	}
	const log = await runCommand({
		connector: connector.value,
		credential: credential.value,
		stateDir: String(values['state-dir']),
		outDir: values.out as string | undefined,
		format: format as ExportFormat,
		incremental: values.incremental === true,
		lookbackSeconds: lookback,
		restart: values.restart === true,
		fetch: io.fetch,
		log: io.log,
		signal: io.signal
	});
	io.log(
		log.errorCode
			? `${log.status} — ${log.errorCode}: ${log.description}`
			: `${log.status}: ${log.description}`
	);
	return exitCodeOf(log.status);
}
