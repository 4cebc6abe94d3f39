/**
 * The command line of `npm run emulator`:
 *   --users N --latency MS --seed S --port P --token T --allow-origin O (repeatable)
 *   --api-limit N              daily API requests (default 100,000)
 *   --session-minutes M        session timeout (default 24 hours, the longest an org allows)
 *   --server-time              server time from published figures (REALISTIC_SERVER_TIME: 50 ms a request
 *                              plus 100 ms per 1000 records of 15 fields)
 *   --server-base-ms MS        fixed server time of every request
 *   --server-ms-per-1000-records MS   server time per 1000 records of 15 fields (scaled by the fields selected)
 *   --page-ms MS               server time of a full REST page (2000 records × 15 fields), no fixed part
 *   --max-concurrent N         requests in flight before 403 ConcurrentRequests (default 0, no cap)
 *   --bulk-queue-ms MS         time a Bulk query job stays UploadComplete (default 0)
 *   --bulk-ms-per-1000-rows MS Bulk processing time per 1000 rows (default 0)
 *   --bulk-page-records N      records per Bulk result page listed by /resultPages (default 10,000)
 *   --bulk-results-page-records N  records of a /results page asked without maxRecords (default: as above)
 */
import { parseArgs } from 'node:util';
import { APP_ORIGIN, type EmulatorOptions } from '../src/lib/emulator';
import { NO_SERVER_TIME, REALISTIC_SERVER_TIME, serverTimeForPage } from '../src/lib/emulator/server-time';

/** Reads the command line of `npm run emulator`; throws on a value that is not a whole number. */
export function parseCommandLine(argv: string[]): Omit<EmulatorOptions, 'instanceUrl'> & { port?: number } {
	const { values } = parseArgs({
		args: argv,
		options: {
			users: { type: 'string', default: '1000' },
			latency: { type: 'string', default: '0' },
			seed: { type: 'string', default: '1' },
			port: { type: 'string', default: '8787' },
			token: { type: 'string' },
			'allow-origin': { type: 'string', multiple: true, default: [] },
			'api-limit': { type: 'string', default: '100000' },
			'session-minutes': { type: 'string', default: '1440' },
			'server-time': { type: 'boolean', default: false },
			'server-base-ms': { type: 'string' },
			'server-ms-per-1000-records': { type: 'string' },
			'page-ms': { type: 'string' },
			'max-concurrent': { type: 'string', default: '0' },
			'bulk-queue-ms': { type: 'string', default: '0' },
			'bulk-ms-per-1000-rows': { type: 'string', default: '0' },
			'bulk-page-records': { type: 'string', default: '10000' },
			'bulk-results-page-records': { type: 'string' }
		}
	});
	const integer = (name: string, text: string) => {
		const value = Number(text);
		if (!Number.isInteger(value) || value < 0)
			throw new Error(`--${name} must be a whole number, got "${text}"`);
		return value;
	};
	const optional = (name: keyof typeof values) => {
		const text = values[name];
		return typeof text === 'string' ? integer(name, text) : undefined;
	};
	let serverTime = values['server-time'] ? REALISTIC_SERVER_TIME : NO_SERVER_TIME;
	const pageMs = optional('page-ms');
	if (pageMs !== undefined) serverTime = serverTimeForPage(pageMs);
	serverTime = {
		baseMs: optional('server-base-ms') ?? serverTime.baseMs,
		msPer1000Records: optional('server-ms-per-1000-records') ?? serverTime.msPer1000Records
	};
	const bulkPageRecords = integer('bulk-page-records', values['bulk-page-records']);
	if (bulkPageRecords < 1) throw new Error('--bulk-page-records must be at least 1');
	return {
		users: integer('users', values.users),
		latencyMs: integer('latency', values.latency),
		seed: integer('seed', values.seed),
		port: integer('port', values.port),
		adminToken: values.token,
		dailyApiLimit: integer('api-limit', values['api-limit']),
		sessionLifetimeMs: integer('session-minutes', values['session-minutes']) * 60_000,
		corsAllowlist: [APP_ORIGIN, ...values['allow-origin'].map((origin) => new URL(origin).origin)],
		serverTime,
		maxConcurrentRequests: integer('max-concurrent', values['max-concurrent']),
		bulkQueueMs: integer('bulk-queue-ms', values['bulk-queue-ms']),
		bulkMsPer1000Rows: integer('bulk-ms-per-1000-rows', values['bulk-ms-per-1000-rows']),
		bulkPageRecords,
		bulkResultsPageRecords: optional('bulk-results-page-records') ?? bulkPageRecords
	};
}
