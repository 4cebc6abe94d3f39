import { describe, expect, it } from 'vitest';
import { toAppError } from '../errors';
import { createBulkRecordReader, parseBulkCsvPage } from './bulk-csv';
import { planBulkQuery } from './bulk-soql';
import type { DescribeResult } from './responses';

const field = (name: string, type: string, extra: object = {}) => ({ name, label: name, type, ...extra });
const describes: Record<string, DescribeResult> = {
	user: {
		name: 'User',
		label: 'User',
		fields: [
			field('Id', 'id'),
			field('Username', 'string'),
			field('IsActive', 'boolean'),
			field('CreatedDate', 'datetime'),
			field('Birthdate', 'date'),
			field('Score__c', 'double'),
			field('ManagerId', 'reference', { referenceTo: ['User'], relationshipName: 'Manager' })
		]
	}
};
const describe$ = async (name: string) => describes[name.toLowerCase()];

async function reader(soql: string) {
	return createBulkRecordReader(planBulkQuery(soql), 'User', '62.0', describe$);
}

const SOQL =
	'SELECT username, IsActive, CreatedDate, Birthdate, Score__c, Manager.Email, Manager.IsActive FROM User';
const HEADER =
	'"Username","IsActive","CreatedDate","Birthdate","Score__c","Manager.Email","Manager.IsActive","Id","Manager.Id"\n';

describe('Bulk CSV pages typed back to REST records', () => {
	it('types values from describe and nests parents with attributes, null for an empty lookup', async () => {
		const page =
			HEADER +
			'"a@x","true","2024-01-02T03:04:05.000Z","2024-01-02","1.5","boss@x","false","005A","005B"\n' +
			'"b@x","false","","","","","","005C",""\n';
		const records = parseBulkCsvPage(page, await reader(SOQL), 2);
		expect(JSON.stringify(records[0])).toBe(
			JSON.stringify({
				attributes: { type: 'User', url: '/services/data/v62.0/sobjects/User/005A' },
				Username: 'a@x',
				IsActive: true,
				CreatedDate: '2024-01-02T03:04:05.000+0000',
				Birthdate: '2024-01-02',
				Score__c: 1.5,
				Manager: {
					attributes: { type: 'User', url: '/services/data/v62.0/sobjects/User/005B' },
					Email: 'boss@x',
					IsActive: false
				}
			})
		);
		expect(records[1]).toMatchObject({
			IsActive: false,
			CreatedDate: null,
			Birthdate: null,
			Score__c: null,
			Manager: null
		});
	});

	it('reads pages with and without the header line', async () => {
		const row = '"a@x","true","","","","","","005A",""\n';
		const read = await reader(SOQL);
		expect(parseBulkCsvPage(HEADER + row, read, 1)).toHaveLength(1);
		expect(parseBulkCsvPage(row + row, read, 2)).toHaveLength(2);
		expect(parseBulkCsvPage(HEADER, read, 0)).toEqual([]);
	});

	it('refuses a page cut off, with a wrong row, or with fewer records than announced (retryable)', async () => {
		const read = await reader(SOQL);
		const cut = HEADER + '"a@x","true","","","","","","005A",""\n"b@x","tr';
		const wrong = HEADER + '"a@x","true"\n';
		const short = HEADER + '"a@x","true","","","","","","005A",""\n';
		for (const [page, count, reason] of [
			[cut, null, /line break|Quote/],
			[wrong, null, /2 columns instead of 9/],
			[short, 2, /says 2 records, the page holds 1/]
		] as const) {
			const thrown = (() => {
				try {
					parseBulkCsvPage(page, read, count);
				} catch (error) {
					return toAppError(error);
				}
			})();
			expect(thrown).toMatchObject({ code: 'BAD_RESPONSE', retryable: true });
			expect(thrown?.message).toMatch(reason);
		}
	});

	it('names a path whose relationship the object does not have', async () => {
		await expect(reader('SELECT Nobody.Email FROM User')).rejects.toMatchObject({
			error: { code: 'SF_INVALID_FIELD', field: 'Nobody' }
		});
	});
});
