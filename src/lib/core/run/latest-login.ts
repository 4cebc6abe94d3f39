/**
 * The latest login of each user. LoginHistory is not a relationship of User, so it is read with a second
 * query per page, joined on UserId, and attached to each record as `LatestLogin` (null when the user has
 * none) before the mapping sees it.
 */
import { composeQuery, type Query } from '@jetstreamapp/soql-parser-js';
import type { QueryPage, QueryPagesOptions } from '../salesforce/client';
import type { SalesforceRecord } from '../salesforce/responses';

/** The field added to each user record. */
export const LATEST_LOGIN_FIELD = 'LatestLogin';
/** LoginHistory fields copied into `LatestLogin`. */
export const LATEST_LOGIN_FIELDS = [
	'LoginTime',
	'Status',
	'SourceIp',
	'LoginType',
	'Application',
	'Browser',
	'Platform'
];
/** User Ids per LoginHistory query: keeps the URL far below Salesforce's 16,384-byte limit. */
const IDS_PER_QUERY = 200;
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

/** The LoginHistory query for a set of users, newest login first. */
export function latestLoginQuery(userIds: readonly string[]): string {
	const query: Query = {
		fields: ['UserId', ...LATEST_LOGIN_FIELDS].map((field) => ({ type: 'Field', field })),
		sObject: 'LoginHistory',
		where: {
			left: {
				field: 'UserId',
				operator: 'IN',
				value: userIds.map((id) => `'${id}'`),
				literalType: 'STRING'
			}
		},
		orderBy: [{ field: 'LoginTime', order: 'DESC' }]
	};
	return composeQuery(query);
}

/** Sets `LatestLogin` on every record of a page from LoginHistory (records without a valid Id get null). */
export async function attachLatestLogins(
	client: { queryPages(soql: string, options?: QueryPagesOptions): AsyncIterable<QueryPage> },
	records: SalesforceRecord[],
	options: { signal?: AbortSignal } = {}
): Promise<void> {
	const ids = [
		...new Set(
			records
				.map((record) => record.Id)
				.filter((id): id is string => typeof id === 'string' && SALESFORCE_ID.test(id))
		)
	];
	const latest = new Map<string, Record<string, unknown>>();
	for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
		const soql = latestLoginQuery(ids.slice(start, start + IDS_PER_QUERY));
		for await (const page of client.queryPages(soql, { signal: options.signal })) {
			for (const row of page.records) {
				const userId = row.UserId;
				if (typeof userId !== 'string' || latest.has(userId)) continue;
				const login: Record<string, unknown> = {};
				for (const field of LATEST_LOGIN_FIELDS) login[field] = row[field] ?? null;
				latest.set(userId, login);
			}
		}
	}
	for (const record of records) record[LATEST_LOGIN_FIELD] = latest.get(record.Id as string) ?? null;
}
