/**
 * What Singer and Airbyte modes share: their config file (the connector, inline or as a file, and the
 * credential, inline or from SF_* variables) and one pass over the users stream that hands every record,
 * then every removed user, to the protocol's writer.
 */
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import type { Connector, Problem } from '../lib/core/model';
import type { RunOutcome } from '../lib/core/run';
import type { FetchLike } from '../lib/core/salesforce';
import { connect, credentialFrom, type CliCredential } from './credential';
import { MIN_LOOKBACK_SECONDS, type Cursor } from './cursor';
import { connectorFromText, loadConnector, loadCredential, loadJsonObject, type Loaded } from './load';
import { recordColumns, removalRecord, rowToRecord, withCursorField } from './stream-schema';
import { runSync } from './sync';

/** A Singer or Airbyte config, read and checked. */
export interface TapConfig {
	connector: Connector;
	credential: CliCredential;
	lookbackSeconds: number;
}

const TapConfigSchema = v.looseObject({
	connector: v.optional(v.record(v.string(), v.unknown())),
	connector_file: v.optional(v.string()),
	credential: v.optional(v.record(v.string(), v.unknown())),
	lookback_seconds: v.optional(
		v.pipe(
			v.number(),
			v.integer(),
			v.minValue(MIN_LOOKBACK_SECONDS, `must be at least ${MIN_LOOKBACK_SECONDS}`)
		),
		MIN_LOOKBACK_SECONDS
	)
});

/** JSON Schema of the config, as Airbyte's spec shows it. */
export const TAP_CONFIG_JSON_SCHEMA = {
	$schema: 'http://json-schema.org/draft-07/schema#',
	title: 'Salesforce User Connector',
	type: 'object',
	required: ['credential'],
	properties: {
		connector: { type: 'object', description: 'The connector file exported from the app (its JSON).' },
		connector_file: { type: 'string', description: 'Path of the connector file, instead of `connector`.' },
		credential: {
			type: 'object',
			description:
				'kind: jwt | client_credentials | refresh_token | access_token, with its fields (see the README).',
			airbyte_secret: true
		},
		lookback_seconds: { type: 'integer', minimum: MIN_LOOKBACK_SECONDS, default: MIN_LOOKBACK_SECONDS }
	}
};

/** Reads a Singer/Airbyte config file. */
export async function loadTapConfig(
	path: string,
	environment: NodeJS.ProcessEnv
): Promise<Loaded<TapConfig>> {
	const file = await loadJsonObject(path, 'config file');
	if (!file.ok) return file;
	const checked = v.safeParse(TapConfigSchema, file.value);
	if (!checked.success)
		return {
			ok: false,
			problems: checked.issues.map((issue) => ({
				path: issue.path?.map((item) => String(item.key)).join('.') || '(root)',
				message: issue.message
			}))
		};
	const config = checked.output;
	const problems: Problem[] = [];
	let connector: Loaded<Connector> | null = null;
	if (config.connector) connector = connectorFromText(JSON.stringify(config.connector));
	else if (config.connector_file) connector = await loadConnector(config.connector_file);
	else
		problems.push({
			path: 'connector',
			message: 'is missing: give `connector` (the file JSON) or `connector_file`'
		});
	if (connector && !connector.ok) problems.push(...connector.problems);
	const credential = config.credential
		? credentialOf(config.credential)
		: await loadCredential(undefined, environment);
	if (!credential.ok) problems.push(...credential.problems);
	if (problems.length > 0 || !connector?.ok || !credential.ok) return { ok: false, problems };
	return {
		ok: true,
		value: {
			connector: connector.value,
			credential: credential.value,
			lookbackSeconds: config.lookback_seconds
		}
	};
}

function credentialOf(input: Record<string, unknown>): Loaded<CliCredential> {
	const read = credentialFrom(input);
	return read.ok
		? read
		: {
				ok: false,
				problems: read.problems.map((problem) => ({ ...problem, path: `credential.${problem.path}` }))
			};
}

/** What a pass over the stream reports. */
export interface StreamResult {
	outcome: RunOutcome;
	cursor: Cursor | null;
	records: number;
	removed: number;
}

/** Reads the users stream once: every record, then (incremental runs) every removed user. */
export async function streamUsers(input: {
	config: TapConfig;
	fetch: FetchLike;
	/** The cursor to continue from; null for a full pass (which still ends with a cursor). */
	cursor: Cursor | null;
	deletedField: string;
	emit: (record: Record<string, unknown>) => Promise<void>;
	now?: () => number;
}): Promise<StreamResult> {
	const connector = withCursorField(input.config.connector);
	const columns = recordColumns(input.config.connector);
	const { client } = await connect(input.config.credential, input.fetch);
	let records = 0;
	const result = await runSync({
		runId: randomUUID(),
		connector,
		client,
		incremental: { cursor: input.cursor, lookbackSeconds: input.config.lookbackSeconds },
		writePage: async (_page, rows) => {
			for (const row of rows) await input.emit(rowToRecord(row, columns));
			records += rows.length;
		}
	});
	const deletedAt = new Date((input.now ?? Date.now)()).toISOString();
	const removed = result.removed ?? [];
	if (result.outcome.status === 'success' || result.outcome.status === 'partial')
		for (const user of removed) await input.emit(removalRecord(user, columns, input.deletedField, deletedAt));
	return { outcome: result.outcome, cursor: result.cursor, records, removed: removed.length };
}
