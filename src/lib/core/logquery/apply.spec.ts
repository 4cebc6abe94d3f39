import { describe, expect, it } from 'vitest';
import type { RunLog } from '../model';
import { applyLogQuery } from './apply';
import { parseLogQuery } from './parser';

const now = Date.UTC(2026, 10, 21, 12, 0);
const hour = 3_600_000;

function log(id: string, overrides: Partial<RunLog>): RunLog {
	const time = overrides.time ?? now - hour;
	return {
		id,
		connectorId: 'c1',
		time,
		status: 'success',
		name: 'Sales users',
		description: '',
		connector: 'All user attributes',
		credentials: 'Prod',
		credentialsId: 'cred-1',
		nqlId: 'sales_users',
		receivedRows: 100,
		processedRows: 100,
		startedAt: time,
		finishedAt: time + 30_000,
		pages: 1,
		skipped: 0,
		duplicates: 0,
		errorCode: null,
		totalSize: 100,
		trigger: 'manual',
		soql: 'SELECT Id FROM User',
		skippedReasons: {},
		duplicatesSample: [],
		diff: null,
		columns: ['upn'],
		...overrides
	};
}

const logs: RunLog[] = [
	log('a', {
		time: now - 2 * hour,
		status: 'failure',
		name: 'HR users',
		nqlId: 'hr_users',
		receivedRows: 50,
		processedRows: 0,
		errorCode: 'SF_INVALID_SESSION'
	}),
	log('b', { time: now - 30 * hour, status: 'failure', receivedRows: 3000, processedRows: 2000 }),
	log('c', { time: now - 5 * hour, status: 'success', receivedRows: 5000, processedRows: 4900 }),
	log('d', {
		time: now - 3 * 24 * hour,
		status: 'partial',
		name: 'hr contractors',
		nqlId: 'hr_contractors',
		receivedRows: 9000,
		processedRows: 1500
	}),
	log('e', { time: now - 10 * 24 * hour, status: 'success', receivedRows: 200, processedRows: 200 }),
	log('f', {
		time: now - hour,
		status: 'running',
		finishedAt: null,
		receivedRows: 10,
		processedRows: 10,
		totalSize: null
	})
];

function run(text: string): string[] {
	const parsed = parseLogQuery(text);
	if (!parsed.ok) throw new Error(parsed.error.message);
	return applyLogQuery(parsed.query, logs, now).map((entry) => entry.id);
}

describe('applyLogQuery', () => {
	it.each([
		['', ['a', 'b', 'c', 'd', 'e', 'f']],
		['status == failure during past 24h', ['a']],
		['details.nql_id == "sales_users" | sort time desc', ['f', 'c', 'b', 'e']],
		['where status != success | sort details.number_of_received_rows desc | limit 10', ['d', 'b', 'a', 'f']],
		['where status != success | sort details.number_of_received_rows desc | limit 2', ['d', 'b']],
		['during past 7d', ['a', 'b', 'c', 'd', 'f']],
		['details.name = "HR*"', ['a', 'd']],
		['details.name == "HR*"', []],
		['details.name == "HR users"', ['a']],
		['status in [failure, partial]', ['a', 'b', 'd']],
		['details.number_of_processed_rows > 1000 and status == success', ['c']],
		['details.number_of_processed_rows >= 1500 and details.number_of_processed_rows <= 2000', ['b', 'd']],
		['details.error_code == null and status == failure', ['b']],
		['details.error_code != null', ['a']],
		['details.error_code = sf_*', ['a']],
		['duration >= 30s', ['a', 'b', 'c', 'd', 'e']],
		['duration < 30', []],
		['duration == null', ['f']],
		['not status in [success, running]', ['a', 'b', 'd']],
		['status == failure or details.total_size == null | sort time asc', ['b', 'a', 'f']],
		['limit 3 | status == failure', ['a', 'b']],
		['sort details.name, time desc', ['d', 'a', 'f', 'c', 'b', 'e']],
		['sort duration desc | limit 1', ['a']],
		[
			'platform.inbound_connector_logs during past 24h | where status == failure | list time, details.name | sort time desc',
			['a']
		]
	])('%j', (text, expected) => {
		expect(run(text)).toEqual(expected);
	});

	it('selects a window of dates and times in UTC', () => {
		expect(run('during from 2026-11-18 to 2026-11-18')).toEqual(['d']);
		expect(run('during from 2026-11-21T06:00Z')).toEqual(['a', 'c', 'f']);
		expect(run('time == 2026-11-21')).toEqual(['a', 'c', 'f']);
		expect(run('time < 2026-11-20T06:00Z')).toEqual(['d', 'e']);
		expect(run('time > 2026-11-21T09:59Z')).toEqual(['a', 'f']);
		expect(run('time >= 2026-11-21T10:00Z')).toEqual(['a', 'f']);
	});

	it('moves the past window with now', () => {
		const parsed = parseLogQuery('during past 90min');
		if (!parsed.ok) throw new Error(parsed.error.message);
		expect(applyLogQuery(parsed.query, logs, now).map((entry) => entry.id)).toEqual(['f']);
		expect(applyLogQuery(parsed.query, logs, now + hour).map((entry) => entry.id)).toEqual([]);
		expect(applyLogQuery(parsed.query, logs, now - 4 * hour).map((entry) => entry.id)).toEqual(['c']);
	});

	it('does not change the logs it is given', () => {
		const before = logs.map((entry) => entry.id);
		run('sort time');
		expect(logs.map((entry) => entry.id)).toEqual(before);
	});
});
