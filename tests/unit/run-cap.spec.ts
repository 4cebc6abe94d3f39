/** Q23 at the real cap: 3,000,001 users through the whole pipeline (pages generated, rows counted). */
import { expect, it } from 'vitest';
import { executeRun, MAX_ROWS, type RunSink } from '$lib/core/run';
import { queryPage } from '$lib/core/run/execute-testing';
import type { QueryPage } from '$lib/core/salesforce';

const PAGE = 2000;
const TOTAL = MAX_ROWS + 1;

async function* generatedPages(): AsyncGenerator<QueryPage> {
	for (let offset = 0; offset < TOTAL; offset += PAGE) {
		const size = Math.min(PAGE, TOTAL - offset);
		const next = offset + size < TOTAL ? `/services/data/v65.0/query/01g-${offset + size}` : null;
		const records = new Array(size);
		for (let index = 0; index < size; index++) {
			const row = offset + index;
			records[index] = { Id: `005${String(row).padStart(15, '0')}`, Username: `user${row}@acme.example.com` };
		}
		yield queryPage(records, next, TOTAL);
	}
}

it('Q23: 3,000,001 users → the first 3,000,000 processed, status partial', async () => {
	let stored = 0;
	const sink: RunSink = {
		async writePage({ rows }) {
			stored += rows.length;
		}
	};
	const outcome = await executeRun({
		runId: 'cap',
		connector: {
			soql: 'SELECT Id, Username FROM User',
			userStatus: 'all',
			companyDomains: ['*'],
			batchSize: PAGE,
			includeDeleted: false,
			mapping: { identifier: { expression: 'Username', kind: 'upn' }, fields: [] }
		},
		client: { queryPages: () => generatedPages() },
		mapping: {
			mapPage: async (records) =>
				records.map((record) => ({
					id: record.Id as string,
					identifier: record.Username,
					values: {},
					errors: []
				}))
		},
		sink
	});
	expect(outcome.status).toBe('partial');
	expect(outcome.description).toBe('Too many rows received: only the first 3,000,000 were processed.');
	expect(stored).toBe(MAX_ROWS);
	expect(outcome.checkpoint.processed).toBe(MAX_ROWS);
	expect(outcome.checkpoint.duplicates).toBe(0);
}, 120_000);
