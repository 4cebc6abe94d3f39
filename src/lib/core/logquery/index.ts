/** The Runs filter line: parse a seed-000-style query and apply it to run logs. */
export * from './types';
export { parseLogQuery } from './parser';
export { applyLogQuery } from './apply';
export { LOG_FIELDS } from './fields';
