import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { fieldsOf, packChunk, readChunk, unpackChunk } from './chunk-packing';
import { createDatabase, type ResultRow } from './db';

const FIELDS = ['email', 'title', 'active', 'logins', 'manager'];

/** Rows as the mapping makes them: each row's values a subset of the fields, in field order. */
const mappedRows = fc.array(
	fc.record({
		id: fc.option(fc.string(), { nil: null }),
		identifier: fc.string(),
		hash: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
		present: fc.array(fc.boolean(), { minLength: FIELDS.length, maxLength: FIELDS.length }),
		errors: fc.array(
			fc.record({ target: fc.constantFrom(...FIELDS), code: fc.string(), message: fc.string() }),
			{
				maxLength: 2
			}
		),
		cells: fc.array(
			fc.oneof(
				fc.string(),
				fc.double(),
				fc.boolean(),
				fc.constant(null),
				fc.dictionary(fc.string(), fc.string())
			),
			{ minLength: FIELDS.length, maxLength: FIELDS.length }
		)
	}),
	{ maxLength: 30 }
);

describe('packChunk and unpackChunk', () => {
	it('give back the rows field by field, the values in the order the chunk first met their fields', () => {
		fc.assert(
			fc.property(mappedRows, (generated) => {
				const rows: ResultRow[] = generated.map((row) => ({
					id: row.id,
					identifier: row.identifier,
					hash: row.hash,
					values: Object.fromEntries(
						FIELDS.flatMap((field, at) => (row.present[at] ? [[field, row.cells[at]]] : []))
					),
					...(row.errors.length > 0 ? { errors: row.errors } : {})
				}));
				const unpacked = unpackChunk(packChunk('r', 3, rows));
				expect(unpacked).toEqual({ runId: 'r', page: 3, rows });
				const order = fieldsOf(rows);
				unpacked.rows.forEach((row, at) =>
					expect(Object.keys(row.values)).toEqual(order.filter((field) => field in rows[at].values))
				);
			})
		);
	});

	it('give back the rows whatever order each row has its fields in, and name the fields as a Set would', () => {
		const anyOrderRows = fc.array(
			fc.record({
				order: fc.shuffledSubarray([...FIELDS, 'extra']),
				value: fc.oneof(fc.string(), fc.integer(), fc.constant(null))
			}),
			{ maxLength: 20 }
		);
		fc.assert(
			fc.property(anyOrderRows, (generated) => {
				const rows: ResultRow[] = generated.map((row, at) => ({
					id: `005${at}`,
					identifier: `u${at}@x.com`,
					hash: at,
					values: Object.fromEntries(row.order.map((field) => [field, row.value]))
				}));
				const firstSeen = new Set<string>();
				for (const row of rows) for (const field of Object.keys(row.values)) firstSeen.add(field);
				expect(fieldsOf(rows)).toEqual([...firstSeen]);
				const unpacked = unpackChunk(packChunk('r', 1, rows)).rows;
				unpacked.forEach((row, at) => expect(row.values).toEqual(rows[at].values));
			})
		);
	});

	it('keep one array per user, the fields once and the mapping errors of the users that have some', () => {
		const errors = [{ target: 'manager', code: 'T1006', message: 'Attempted to invoke a non-function' }];
		const rows: ResultRow[] = [
			{ id: '005A', identifier: 'a@x.com', values: { email: 'a@x.com', title: 'CEO' }, hash: 7 },
			{ id: '005B', identifier: 'b@x.com', values: { title: null, active: false }, hash: 8, errors }
		];
		expect(fieldsOf(rows)).toEqual(['email', 'title', 'active']);
		expect(packChunk('r', 1, rows)).toEqual({
			runId: 'r',
			page: 1,
			fields: ['email', 'title', 'active'],
			cells: [
				['005A', 'a@x.com', 7, 'a@x.com', 'CEO', undefined],
				['005B', 'b@x.com', 8, undefined, null, false]
			],
			errors: { 1: errors }
		});
		expect(unpackChunk(packChunk('r', 1, rows)).rows).toEqual(rows);
		expect(packChunk('r', 1, rows.slice(0, 1))).not.toHaveProperty('errors');
	});

	it('read chunks stored packed and chunks stored as rows', async () => {
		const db = createDatabase({ name: `packing-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
		const rows: ResultRow[] = [{ id: '005A', identifier: 'a@x.com', values: { email: 'a@x.com' }, hash: 1 }];
		await db.chunks.put(packChunk('r', 1, rows));
		await db.chunks.put({ runId: 'r', page: 2, rows });
		expect(await readChunk(db, 'r', 1)).toEqual({ runId: 'r', page: 1, rows });
		expect(await readChunk(db, 'r', 2)).toEqual({ runId: 'r', page: 2, rows });
		expect(await readChunk(db, 'r', 3)).toBeUndefined();
	});
});
