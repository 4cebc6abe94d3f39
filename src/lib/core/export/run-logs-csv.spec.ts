import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { RunLog } from '../model';
import { RUN_LOG_CSV_COLUMNS, runLogsToCsv } from './run-logs-csv';

const log: RunLog = {
	id: 'run-1',
	connectorId: 'c-1',
	time: Date.UTC(2026, 10, 21, 8, 30),
	status: 'failure',
	name: 'HR users',
	description: '=Too many rows received, "stopped"',
	connector: 'All user attributes',
	credentials: 'Prod org',
	credentialsId: 'cred-1',
	nqlId: 'hr_users',
	receivedRows: 1200,
	processedRows: 1100,
	startedAt: Date.UTC(2026, 10, 21, 8, 30),
	finishedAt: Date.UTC(2026, 10, 21, 8, 31, 2, 500),
	pages: 3,
	skipped: 100,
	duplicates: 2,
	errorCode: 'RUN_TOO_MANY_ROWS',
	totalSize: 1200,
	trigger: 'schedule',
	soql: 'SELECT Id FROM User',
	skippedReasons: {},
	duplicatesSample: [],
	diff: null,
	columns: ['upn']
};

describe('runLogsToCsv', () => {
	it('uses the seed 000 field names', () => {
		expect(RUN_LOG_CSV_COLUMNS.slice(0, 12)).toEqual([
			'id',
			'connector_id',
			'time',
			'status',
			'details.name',
			'details.description',
			'details.connector',
			'details.credentials',
			'details.credentials_id',
			'details.nql_id',
			'details.number_of_received_rows',
			'details.number_of_processed_rows'
		]);
	});

	it('writes one Excel-safe row per log with ISO times and durations in seconds', () => {
		const running: RunLog = {
			...log,
			id: 'run-2',
			status: 'running',
			finishedAt: null,
			errorCode: null,
			credentialsId: null
		};
		const text = runLogsToCsv([log, running]);
		expect(text.startsWith('\ufeff')).toBe(true);
		const [header, ...rows] = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
		const records = rows.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index]])));
		expect(records[0]).toMatchObject({
			id: 'run-1',
			time: '2026-11-21T08:30:00.000Z',
			status: 'failure',
			'details.description': `'=Too many rows received, "stopped"`,
			'details.credentials_id': 'cred-1',
			'details.number_of_received_rows': '1200',
			'details.error_code': 'RUN_TOO_MANY_ROWS',
			duration: '62.5'
		});
		expect(records[1]).toMatchObject({
			id: 'run-2',
			status: 'running',
			'details.credentials_id': '',
			duration: ''
		});
	});
});
