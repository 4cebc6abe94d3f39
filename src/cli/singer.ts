/**
 * Singer tap mode (singer-io/getting-started SPEC.md, DISCOVERY_MODE.md): `--discover` prints the catalog;
 * a sync prints SCHEMA, then one RECORD per user, then STATE, one JSON message per line on stdout (logs go
 * to stderr). The state is `{"bookmarks":{"users":{"replication_key":"SystemModstamp",
 * "replication_key_value":…,"last_id":…}}}`; with it and INCREMENTAL replication only what changed is read,
 * and removed users come as records with `_sdc_deleted_at`.
 */
import type { FetchLike } from '../lib/core/salesforce';
import type { Cursor } from './cursor';
import type { LineWriter } from './lines';
import { CURSOR_FIELD, KEY_FIELD, STREAM, streamSchema } from './stream-schema';
import { streamUsers, type TapConfig } from './tap';
import { exitCodeOf, describeError } from './run-command';

/** Singer's deletion-time field. */
export const SINGER_DELETED_FIELD = '_sdc_deleted_at';

interface CatalogEntry {
	tap_stream_id: string;
	stream: string;
	schema: Record<string, unknown>;
	key_properties: string[];
	metadata: { breadcrumb: string[]; metadata: Record<string, unknown> }[];
}

/** The catalog `--discover` prints: the users stream, selected, INCREMENTAL on SystemModstamp. */
export function singerCatalog(config: TapConfig): { streams: CatalogEntry[] } {
	return {
		streams: [
			{
				tap_stream_id: STREAM,
				stream: STREAM,
				schema: streamSchema(config.connector, SINGER_DELETED_FIELD),
				key_properties: [KEY_FIELD],
				metadata: [
					{
						breadcrumb: [],
						metadata: {
							selected: true,
							'table-key-properties': [KEY_FIELD],
							'forced-replication-method': 'INCREMENTAL',
							'valid-replication-keys': [CURSOR_FIELD],
							'replication-method': 'INCREMENTAL',
							'replication-key': CURSOR_FIELD
						}
					}
				]
			}
		]
	};
}

/** How a catalog asks for the users stream: not at all, as a full table, or incrementally (no catalog: incrementally). */
export function catalogSelection(catalog: unknown): 'skip' | 'full' | 'incremental' {
	if (catalog === null || catalog === undefined) return 'incremental';
	const streams = (catalog as { streams?: unknown }).streams;
	const entry = (Array.isArray(streams) ? streams : []).find(
		(item) => (item as CatalogEntry | null)?.tap_stream_id === STREAM
	) as (CatalogEntry & { selected?: unknown; replication_method?: unknown }) | undefined;
	if (!entry) return 'skip';
	const top = entry.metadata?.find(
		(item) => Array.isArray(item?.breadcrumb) && item.breadcrumb.length === 0
	)?.metadata;
	const selected = top?.selected ?? entry.selected ?? top?.['selected-by-default'] ?? false;
	if (selected !== true) return 'skip';
	const method = top?.['replication-method'] ?? entry.replication_method ?? 'INCREMENTAL';
	return method === 'FULL_TABLE' ? 'full' : 'incremental';
}

/** The cursor in a Singer state file, when it has one. */
export function cursorFromSingerState(state: unknown): Cursor | null {
	const bookmark = (state as { bookmarks?: Record<string, Record<string, unknown>> } | null)?.bookmarks?.[
		STREAM
	];
	const value = bookmark?.replication_key_value;
	if (typeof value !== 'string' || !Number.isFinite(Date.parse(value))) return null;
	return {
		systemModstamp: new Date(Date.parse(value)).toISOString(),
		id: typeof bookmark?.last_id === 'string' ? bookmark.last_id : ''
	};
}

function singerState(cursor: Cursor | null): Record<string, unknown> {
	if (!cursor) return { bookmarks: {} };
	return {
		bookmarks: {
			[STREAM]: {
				replication_key: CURSOR_FIELD,
				replication_key_value: cursor.systemModstamp,
				last_id: cursor.id
			}
		}
	};
}

/** Runs a Singer sync and returns the exit code. */
export async function singerSync(input: {
	config: TapConfig;
	catalog: unknown;
	state: unknown;
	fetch: FetchLike;
	write: LineWriter;
	log: (line: string) => void;
}): Promise<number> {
	const selection = catalogSelection(input.catalog);
	const previous = cursorFromSingerState(input.state);
	if (selection === 'skip') {
		input.log('The users stream is not selected in the catalog: nothing to sync.');
		await input.write({ type: 'STATE', value: singerState(previous) });
		return 0;
	}
	const extractedAt = new Date().toISOString();
	await input.write({
		type: 'SCHEMA',
		stream: STREAM,
		schema: streamSchema(input.config.connector, SINGER_DELETED_FIELD),
		key_properties: [KEY_FIELD],
		bookmark_properties: [CURSOR_FIELD]
	});
	const result = await streamUsers({
		config: input.config,
		fetch: input.fetch,
		cursor: selection === 'incremental' ? previous : null,
		deletedField: SINGER_DELETED_FIELD,
		emit: (record) => input.write({ type: 'RECORD', stream: STREAM, record, time_extracted: extractedAt })
	});
	const { outcome } = result;
	if (outcome.status !== 'success' && outcome.status !== 'partial') {
		input.log(outcome.error ? describeError(outcome.error) : outcome.description);
		await input.write({ type: 'STATE', value: singerState(previous) });
		return 1;
	}
	// A partial run did not see every user: its cursor would skip the rest, so the old one stays.
	await input.write({
		type: 'STATE',
		value: singerState(outcome.status === 'success' ? result.cursor : previous)
	});
	input.log(`${outcome.description} ${result.records} records, ${result.removed} removed.`);
	return exitCodeOf(outcome.status);
}
