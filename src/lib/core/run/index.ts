/** Public surface of the sync pipeline: query rewriting, identifiers, the run itself and the diff. */
export * from './diff';
export * from './execute';
export * from './identifiers';
export * from './soql';
export * from './query-shape';
export * from './sample';
export * from './latest-login';
export * from './choice';
export * from './partitions';
export * from './bulk-source';
export * from './counters';
export * from './run-log';
