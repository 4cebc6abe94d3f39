/**
 * The app's one Dexie database: typed tables over IndexedDB, every schema version kept (schema.ts).
 * Results are stored by page: one chunk row per fetched page, never one row per user (DESIGN.md).
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { FieldError } from '../core/mapping/types';
import type { Connector, Credential, RunLog } from '../core/model';
import { DATABASE_NAME, SCHEMA_VERSIONS } from './schema';

/** One mapped user as stored inside a result chunk. */
export interface ResultRow {
	/** Salesforce record Id. */
	id: string | null;
	/** Normalised identifier (UPN or e-mail). */
	identifier: string;
	/** Target field → mapped value, in mapping order. */
	values: Record<string, unknown>;
	/** Hash of the values, for the diff between runs. */
	hash: number;
	/** Fields the mapping could not fill, when any. */
	errors?: FieldError[];
}

/** The mapped users of one fetched page of one run. */
export interface ResultChunk {
	runId: string;
	page: number;
	rows: ResultRow[];
}

/**
 * The mapped users of one page as the chunks table holds them (chunk-packing.ts): per user the array
 * `[id, identifier, hash, ...values]`, the values in `fields` order, undefined where the mapping gave none.
 */
export interface PackedChunk {
	runId: string;
	page: number;
	fields: string[];
	cells: unknown[][];
	/** The mapping's errors of the users that have some, by their position in `cells`. */
	errors?: Record<number, FieldError[]>;
}

/** A chunk as stored: packed, or as rows (pages written before chunks were packed). */
export type StoredChunk = PackedChunk | ResultChunk;

/** A page's row count and, per mapped field, how many of its rows have a value (chunk-records.ts). */
export interface ChunkStats {
	runId: string;
	page: number;
	count: number;
	filled: Record<string, number>;
}

/**
 * A page's cells as one lower-cased text for search and sort: per row the identifier then each of
 * `fields`, cells ended by U+0001, rows by U+0000, numbers marked with a leading U+0002.
 */
export interface ChunkText {
	runId: string;
	page: number;
	fields: string[];
	text: string;
}

/** Where an unfinished run stands, written in the same transaction as its page. */
export interface CheckpointRecord {
	runId: string;
	updatedAt: number;
	/** The run pipeline's checkpoint (core/run), stored as is. */
	checkpoint: unknown;
}

/** A small key/value setting. */
export interface SettingRecord {
	key: string;
	value: unknown;
}

/** An encrypted secret (refresh token, client secret, private key) of a remembered credential. */
export interface SecretRecord {
	id: string;
	credentialId: string;
	iv: Uint8Array;
	data: ArrayBuffer;
}

/** A non-extractable WebCrypto key, stored as the CryptoKey object itself. */
export interface KeyRecord {
	id: string;
	key: CryptoKey;
}

/** A sign-in waiting for its callback: PKCE verifier, state and nonce, deleted once used. */
export interface PendingAuthRecord {
	state: string;
	createdAt: number;
	data: unknown;
}

/** One page of 100 diff entries (added / changed / removed) of a run against the previous one. */
export interface DiffPage {
	runId: string;
	page: number;
	entries: { kind: 'added' | 'changed' | 'removed'; identifier: string; fields?: string[] }[];
}

/** A cached describe result per org, API version and object. */
export interface DescribeCacheRecord {
	key: string;
	fetchedAt: number;
	value: unknown;
}

/** The typed database. */
export type ConnectorDatabase = Dexie & {
	connectors: EntityTable<Connector, 'id'>;
	credentials: EntityTable<Credential, 'id'>;
	runs: EntityTable<RunLog, 'id'>;
	chunks: Table<StoredChunk, [string, number]>;
	chunkStats: Table<ChunkStats, [string, number]>;
	chunkText: Table<ChunkText, [string, number]>;
	checkpoints: EntityTable<CheckpointRecord, 'runId'>;
	settings: EntityTable<SettingRecord, 'key'>;
	secrets: EntityTable<SecretRecord, 'id'>;
	keys: EntityTable<KeyRecord, 'id'>;
	pendingAuth: EntityTable<PendingAuthRecord, 'state'>;
	diffs: Table<DiffPage, [string, number]>;
	describeCache: EntityTable<DescribeCacheRecord, 'key'>;
};

/** Options for opening the database (tests pass fake-indexeddb and a version cap). */
export interface OpenOptions {
	name?: string;
	indexedDB?: IDBFactory;
	IDBKeyRange?: typeof IDBKeyRange;
	/** Open at this schema version instead of the newest (migration tests). */
	upToVersion?: number;
	/** Called when another tab upgrades the schema: this connection is closed and must be reloaded. */
	onVersionChange?: () => void;
}

/** Creates the database object with every schema version declared (opening happens on first use). */
export function createDatabase(options: OpenOptions = {}): ConnectorDatabase {
	const dependencies = options.indexedDB
		? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange }
		: {};
	const db = new Dexie(options.name ?? DATABASE_NAME, dependencies) as ConnectorDatabase;
	for (const schema of SCHEMA_VERSIONS) {
		if (options.upToVersion !== undefined && schema.version > options.upToVersion) break;
		const declared = db.version(schema.version).stores(schema.stores);
		if (schema.upgrade) declared.upgrade(schema.upgrade);
	}
	db.on('versionchange', () => {
		db.close();
		options.onVersionChange?.();
		return false;
	});
	return db;
}
