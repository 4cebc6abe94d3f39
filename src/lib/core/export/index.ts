/** Exports of mapped users, run logs and mappings: CSV (Excel-safe), JSON, NDJSON, split files. */
export * from './types';
export * from './csv-writer';
export * from './json-writer';
export * from './formats';
export * from './split';
export * from './mapping-csv';
export * from './run-logs-csv';
