/**
 * Bulk result pages bigger than a run takes at a time are handed over in parts, and a run stopped after a
 * part resumes with the rest of that page: every user once, on both download protocols.
 */
import { describe, expect, it } from 'vitest';
import { bulkQueryPages, type BulkPage, type BulkResumePoint } from '$lib/core/salesforce/bulk';
import { bulkPages, bulkSetup, countOf } from './bulk-support';

const SOQL = 'SELECT Id, Username, Email FROM User';
const ids = (pages: BulkPage[]) => pages.flatMap((page) => page.records.map((record) => String(record.Id)));

for (const version of ['62.0', '57.0']) {
	describe(`Bulk result pages in parts (API ${version})`, () => {
		const setup = () => bulkSetup({ users: 1000, bulkPageRecords: 250 }, version);

		it('a page of 250 comes as parts of 100, 100 and 50; the last part of the last page is done', async () => {
			const { client } = setup();
			const pages = await bulkPages(client, SOQL, { sliceRecords: 100 });
			const count = await countOf(client, 'FROM User');
			expect(pages.map((page) => page.records.length)).toEqual(
				Array.from({ length: Math.ceil(count / 250) }, () => [100, 100, 50]).flat()
			);
			expect(new Set(ids(pages)).size).toBe(count);
			expect(pages.filter((page) => page.done)).toEqual([pages[pages.length - 1]]);
			expect(pages.slice(0, 2).every((page) => page.resume.partial !== undefined)).toBe(true);
			expect(pages[2].resume.partial).toBeUndefined();
		});

		for (const stopAfter of [1, 2, 4, 5])
			it(`a run stopped after part ${stopAfter} resumes with the rest of its page: every user once`, async () => {
				const { client } = setup();
				const first: BulkPage[] = [];
				let resume: BulkResumePoint | undefined;
				for await (const page of bulkQueryPages(client, SOQL, {
					sliceRecords: 100,
					sleep: async () => undefined
				})) {
					first.push(page);
					resume = page.resume;
					if (first.length === stopAfter) break;
				}
				const rest = await bulkPages(client, SOQL, { sliceRecords: 100, resume });
				const all = ids([...first, ...rest]);
				expect(all.length).toBe(await countOf(client, 'FROM User'));
				expect(new Set(all).size).toBe(all.length);
				expect(rest[0].jobId).toBe(first[0].jobId);
			});
	});
}
