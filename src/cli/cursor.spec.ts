import { describe, expect, it } from 'vitest';
import type { QueryPage } from '../lib/core/salesforce';
import { cursorOfRecords, laterCursor, parseSalesforceTime, trackCursor, windowStart } from './cursor';

const page = (records: Record<string, unknown>[], nextRecordsUrl: string | null = null) =>
	({
		records,
		totalSize: records.length,
		done: nextRecordsUrl === null,
		nextRecordsUrl
	}) as unknown as QueryPage;

describe('the incremental cursor', () => {
	it('reads Salesforce date-times with a +0000 offset', () => {
		expect(parseSalesforceTime('2026-11-01T08:00:00.000+0000')).toBe(Date.UTC(2026, 10, 1, 8));
		expect(parseSalesforceTime('2026-11-01T10:00:00.000+0200')).toBe(Date.UTC(2026, 10, 1, 8));
		expect(parseSalesforceTime(null)).toBeNaN();
	});

	it('orders by SystemModstamp, then by Id for ties', () => {
		const records = [
			{ Id: '005A', SystemModstamp: '2026-11-01T08:00:00.000+0000' },
			{ Id: '005C', SystemModstamp: '2026-11-01T09:00:00.000+0000' },
			{ Id: '005B', SystemModstamp: '2026-11-01T09:00:00.000+0000' },
			{ Id: '005D', SystemModstamp: null }
		];
		expect(cursorOfRecords(records)).toEqual({ systemModstamp: '2026-11-01T09:00:00.000Z', id: '005C' });
		const tie = { systemModstamp: '2026-11-01T09:00:00.000Z', id: '005Z' };
		expect(laterCursor(cursorOfRecords(records), tie)).toBe(tie);
		expect(laterCursor(null, tie)).toBe(tie);
	});

	it('starts the next window at least 600 seconds before the cursor', () => {
		const cursor = { systemModstamp: '2026-11-01T09:00:00.000Z', id: '005A' };
		expect(windowStart(cursor, 60)).toBe('2026-11-01T08:50:00.000Z');
		expect(windowStart(cursor, 3600)).toBe('2026-11-01T08:00:00.000Z');
	});

	it('knows the cursor up to each page of the User query, and ignores other queries', async () => {
		const pages = {
			User: [
				page([{ Id: '005B', SystemModstamp: '2026-11-01T09:00:00.000+0000' }], 'next'),
				page([{ Id: '005C', SystemModstamp: '2026-11-01T07:00:00.000+0000' }])
			],
			LoginHistory: [page([{ Id: '0Ya1', SystemModstamp: '2030-01-01T00:00:00.000+0000' }])]
		};
		const client = {
			async *queryPages(soql: string) {
				yield* soql.includes('LoginHistory') ? pages.LoginHistory : pages.User;
			}
		};
		const start = { systemModstamp: '2026-11-01T08:00:00.000Z', id: '005A' };
		const tracker = trackCursor(client, { page: 4, cursor: start });
		for await (const item of tracker.client.queryPages('SELECT Id FROM LoginHistory'))
			expect(item).toBeDefined();
		for await (const item of tracker.client.queryPages('SELECT Id FROM User')) expect(item).toBeDefined();
		expect(tracker.cursorUpTo(4)).toEqual(start);
		expect(tracker.cursorUpTo(5)).toEqual({ systemModstamp: '2026-11-01T09:00:00.000Z', id: '005B' });
		expect(tracker.cursorUpTo(6)).toEqual({ systemModstamp: '2026-11-01T09:00:00.000Z', id: '005B' });
	});
});
