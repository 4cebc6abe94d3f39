/**
 * Test support for executeRun: a connector over `SELECT Id, Email FROM User`, a mapper keyed by e-mail,
 * User records by index, and a client over fixed pages that records its queries.
 */
import type { Connector } from '../model';
import type { QueryPage, QueryPagesOptions } from '../salesforce/client';
import type { SalesforceRecord } from '../salesforce/responses';
import type { MappedRecord, PageMapper } from './execute';

/** The connector fields a run reads. */
export type TestConnector = Pick<
	Connector,
	'soql' | 'userStatus' | 'companyDomains' | 'batchSize' | 'includeDeleted' | 'mapping'
>;

/** A connector over every user, keyed by e-mail, in pages of 200. */
export const connector: TestConnector = {
	soql: 'SELECT Id, Email FROM User',
	userStatus: 'all',
	companyDomains: ['*'],
	batchSize: 200,
	includeDeleted: false,
	mapping: {
		identifier: { expression: 'Email', kind: 'email' },
		fields: [{ source: 'Email', target: 'mail', description: '' }]
	}
};

/** A mapper that keys each record by its e-mail and copies it to `mail`. */
export const mapper: PageMapper = {
	mapPage: async (records: SalesforceRecord[]): Promise<MappedRecord[]> =>
		records.map((record) => ({
			id: record.Id as string,
			identifier: record.Email,
			values: { mail: record.Email },
			errors: []
		}))
};

/** The User record of an index, with an e-mail (or the one given). */
export function user(index: number, email: string | null = `user${index}@acme.com`): SalesforceRecord {
	return { attributes: { type: 'User' }, Id: `005${String(index).padStart(15, '0')}`, Email: email };
}

/** A REST query page holding `records`, pointing at `next` (null: the last page). */
export function queryPage(
	records: SalesforceRecord[],
	next: string | null,
	totalSize = records.length
): QueryPage {
	return {
		records,
		totalSize,
		done: next === null,
		nextRecordsUrl: next,
		status: 200,
		elapsedMs: 1,
		apiUsage: null,
		url: 'x'
	};
}

/** A client over fixed pages; `totalSize` may be set to something else than the records' count. */
export function pagedClient(records: SalesforceRecord[], pageSize: number, totalSize = records.length) {
	const queries: { soql: string; options?: QueryPagesOptions }[] = [];
	return {
		queries,
		async *queryPages(soql: string, options?: QueryPagesOptions): AsyncGenerator<QueryPage> {
			queries.push({ soql, options });
			const start = options?.startUrl ? Number(options.startUrl.split('-').pop()) : 0;
			for (let offset = start; offset < records.length || offset === 0; offset += pageSize) {
				const next =
					offset + pageSize < records.length ? `/services/data/v65.0/query/01g-${offset + pageSize}` : null;
				yield queryPage(records.slice(offset, offset + pageSize), next, totalSize);
				if (!next) return;
			}
		}
	};
}
