/**
 * Q23 at the real cap on the real paths: a 3,000,001-user emulated org run through Bulk API 2.0 and
 * through partitioned REST, in-process. Each run stops `partial` with exactly the first 3,000,000 users
 * stored and no Id twice, checked on a bitmap over the org's rows (3 MB) rather than a Set of 3M strings.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ROWS, type PageMapper, type RunSink } from '$lib/core/run';
import { rowOfId } from '$lib/emulator/data/ids';
import { connector, run, setup } from './run-paths-support';

/** Two fields and no mapped values, so the test measures the paths, not the mapping. */
const capConnector = {
	...connector,
	soql: 'SELECT Id, Username FROM User',
	mapping: { identifier: { expression: 'Username', kind: 'upn' as const }, fields: [] }
};

const identityMapping: PageMapper = {
	mapPage: async (records) =>
		records.map((record) => ({ id: String(record.Id), identifier: record.Username, values: {}, errors: [] }))
};

/** A sink that counts the rows stored and marks each Id's row of the org, counting Ids seen twice or unknown. */
function idBitmapSink(orgRows: number, pod: string) {
	const seen = new Uint8Array(orgRows);
	const counts = { stored: 0, repeated: 0, unknown: 0 };
	const sink: RunSink = {
		async writePage({ rows }) {
			counts.stored += rows.length;
			for (const { id } of rows) {
				const row = rowOfId(id ?? '', '005', pod);
				if (row < 0 || row >= orgRows) counts.unknown++;
				else if (seen[row] === 1) counts.repeated++;
				else seen[row] = 1;
			}
		}
	};
	return { sink, counts };
}

describe('Q23 on the real paths: 3,000,001 users', () => {
	for (const retrieval of ['bulk', 'partitioned'] as const)
		it(
			`${retrieval}: the first 3,000,000 stored, status partial, no Id twice`,
			{ timeout: 120_000 },
			async () => {
				const { emulator, client } = setup(MAX_ROWS, [], { bulkPageRecords: 10_000 });
				emulator.org.applyChanges({ added: 1 });
				expect(emulator.org.userCount).toBe(MAX_ROWS + 1);
				const pod = emulator.org.adminUser.Id.slice(3, 5);
				const { sink, counts } = idBitmapSink(emulator.org.userRows, pod);
				const outcome = await run(client, retrieval, {
					connector: { ...capConnector, retrieval },
					mapping: identityMapping,
					sink
				}).outcome;
				expect(outcome.status).toBe('partial');
				expect(outcome.description).toBe('Too many rows received: only the first 3,000,000 were processed.');
				expect(outcome.checkpoint.retrieval).toMatch(
					retrieval === 'bulk' ? /^Bulk API 2\.0.*3,000,001 users/ : /^REST, 8 partitions, 3,000,001 users/
				);
				expect(counts).toEqual({ stored: MAX_ROWS, repeated: 0, unknown: 0 });
				expect(outcome.checkpoint).toMatchObject({
					processed: MAX_ROWS,
					skipped: 0,
					duplicates: 0,
					totalSize: MAX_ROWS + 1
				});
				expect(outcome.checkpoint.received).toBeGreaterThanOrEqual(MAX_ROWS);
			}
		);
});
