/**
 * Airbyte source mode (airbytehq/airbyte-protocol, airbyte_protocol.yaml): `spec`, `check`, `discover`
 * and `read`, each answering with AirbyteMessages, one per line on stdout. `read` emits RECORD messages,
 * then one per-stream STATE (`{"SystemModstamp":…,"Id":…}`) once every user is in; removed users come as
 * records with `_ab_cdc_deleted_at`. A failure is a TRACE ERROR message and exit code 1.
 */
import type { AppError } from '../lib/core/errors';
import type { FetchLike } from '../lib/core/salesforce';
import { connect } from './credential';
import type { Cursor } from './cursor';
import type { LineWriter } from './lines';
import { CURSOR_FIELD, KEY_FIELD, STREAM, streamSchema } from './stream-schema';
import { streamUsers, TAP_CONFIG_JSON_SCHEMA, type TapConfig } from './tap';
import { describeError, exitCodeOf } from './run-command';
import { toAppError } from '../lib/core/errors';

/** Airbyte's deletion-time field (the CDC convention). */
export const AIRBYTE_DELETED_FIELD = '_ab_cdc_deleted_at';
/** The protocol version the messages follow. */
export const AIRBYTE_PROTOCOL_VERSION = '0.2.0';

/** The SPEC message. */
export function airbyteSpec(): Record<string, unknown> {
	return {
		type: 'SPEC',
		spec: {
			connectionSpecification: TAP_CONFIG_JSON_SCHEMA,
			supportsIncremental: true,
			protocol_version: AIRBYTE_PROTOCOL_VERSION
		}
	};
}

/** The CATALOG message: the users stream, full refresh or incremental on SystemModstamp, keyed by id. */
export function airbyteCatalog(config: TapConfig): Record<string, unknown> {
	return {
		type: 'CATALOG',
		catalog: {
			streams: [
				{
					name: STREAM,
					json_schema: streamSchema(config.connector, AIRBYTE_DELETED_FIELD),
					supported_sync_modes: ['full_refresh', 'incremental'],
					source_defined_cursor: true,
					default_cursor_field: [CURSOR_FIELD],
					source_defined_primary_key: [[KEY_FIELD]],
					is_resumable: true
				}
			]
		}
	};
}

/** A TRACE ERROR message for a failure (config_error for what the user must fix). */
export function airbyteError(error: AppError): Record<string, unknown> {
	const configError =
		/^(AUTH_|INVALID_INPUT|MAPPING_|SF_MALFORMED_QUERY|SF_INVALID_FIELD|QUERY_NOT_USER)/.test(error.code);
	return {
		type: 'TRACE',
		trace: {
			type: 'ERROR',
			emitted_at: Date.now(),
			error: {
				message: error.message,
				internal_message: describeError(error),
				failure_type: configError ? 'config_error' : error.retryable ? 'transient_error' : 'system_error'
			}
		}
	};
}

/** Answers `check`: CONNECTION_STATUS SUCCEEDED once the credential signs in and the query's first row comes. */
export async function airbyteCheck(config: TapConfig, fetch: FetchLike): Promise<Record<string, unknown>> {
	try {
		const { client } = await connect(config.credential, fetch);
		await client.describe('User');
		return { type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } };
	} catch (thrown) {
		return {
			type: 'CONNECTION_STATUS',
			connectionStatus: { status: 'FAILED', message: describeError(toAppError(thrown)) }
		};
	}
}

/** Whether the configured catalog asks for the users stream, and how. */
export function configuredSyncMode(catalog: unknown): 'skip' | 'full_refresh' | 'incremental' {
	const streams = (catalog as { streams?: unknown } | null)?.streams;
	const entry = (Array.isArray(streams) ? streams : []).find(
		(item) => (item as { stream?: { name?: unknown } } | null)?.stream?.name === STREAM
	) as { sync_mode?: unknown } | undefined;
	if (!entry) return 'skip';
	return entry.sync_mode === 'incremental' ? 'incremental' : 'full_refresh';
}

/** The cursor in an Airbyte state input: a list of per-stream states, or a legacy object. */
export function cursorFromAirbyteState(state: unknown): Cursor | null {
	const list = Array.isArray(state) ? state : [state];
	for (const item of list) {
		const message = item as {
			stream?: { stream_descriptor?: { name?: unknown }; stream_state?: Record<string, unknown> };
			data?: Record<string, unknown>;
		} | null;
		const blob =
			message?.stream?.stream_descriptor?.name === STREAM
				? message.stream.stream_state
				: (message?.data?.[STREAM] as Record<string, unknown> | undefined);
		const value = blob?.[CURSOR_FIELD];
		if (typeof value === 'string' && Number.isFinite(Date.parse(value)))
			return {
				systemModstamp: new Date(Date.parse(value)).toISOString(),
				id: typeof blob?.Id === 'string' ? blob.Id : ''
			};
	}
	return null;
}

function stateMessage(cursor: Cursor | null, recordCount: number): Record<string, unknown> {
	return {
		type: 'STATE',
		state: {
			type: 'STREAM',
			stream: {
				stream_descriptor: { name: STREAM },
				stream_state: cursor ? { [CURSOR_FIELD]: cursor.systemModstamp, Id: cursor.id } : {}
			},
			sourceStats: { recordCount }
		}
	};
}

/** Answers `read`; returns the exit code. */
export async function airbyteRead(input: {
	config: TapConfig;
	catalog: unknown;
	state: unknown;
	fetch: FetchLike;
	write: LineWriter;
}): Promise<number> {
	const mode = configuredSyncMode(input.catalog);
	const previous = cursorFromAirbyteState(input.state);
	const log = (level: string, message: string) => input.write({ type: 'LOG', log: { level, message } });
	if (mode === 'skip') {
		await log('WARN', 'The configured catalog does not ask for the users stream: nothing to read.');
		return 0;
	}
	const emittedAt = Date.now();
	let result;
	try {
		result = await streamUsers({
			config: input.config,
			fetch: input.fetch,
			cursor: mode === 'incremental' ? previous : null,
			deletedField: AIRBYTE_DELETED_FIELD,
			emit: (data) => input.write({ type: 'RECORD', record: { stream: STREAM, data, emitted_at: emittedAt } })
		});
	} catch (thrown) {
		await input.write(airbyteError(toAppError(thrown)));
		return 1;
	}
	const { outcome } = result;
	if (outcome.status !== 'success' && outcome.status !== 'partial') {
		await input.write(airbyteError(outcome.error ?? toAppError(new Error(outcome.description))));
		return 1;
	}
	await input.write(
		stateMessage(outcome.status === 'success' ? result.cursor : previous, result.records + result.removed)
	);
	await log(outcome.status === 'success' ? 'INFO' : 'WARN', outcome.description);
	return exitCodeOf(outcome.status);
}
