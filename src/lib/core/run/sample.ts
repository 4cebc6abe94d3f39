/**
 * "Run test": the connector's query with a small LIMIT through the same client and mapping a run uses,
 * reporting the status, the time, the raw records and each record's mapped result or why it is skipped.
 */
import { composeQuery } from '@jetstreamapp/soql-parser-js';
import type { Connector } from '../model';
import type { SalesforceClient } from '../salesforce/client';
import type { ApiUsage } from '../salesforce/errors';
import type { SalesforceRecord } from '../salesforce/responses';
import type { MappedRecord, PageMapper } from './execute';
import { normalizeIdentifier } from './identifiers';
import { attachLatestLogins } from './latest-login';
import { applyConnectorFilters, parseSoql } from './soql';

/** Records a test fetches by default. */
export const SAMPLE_SIZE = 5;

/** One sample record after mapping. */
export interface SampleRow {
	id: string | null;
	/** The normalised identifier, or null when the record would be skipped. */
	identifier: string | null;
	skipReason: string | null;
	values: Record<string, unknown>;
	errors: MappedRecord['errors'];
}

/** What a test run shows. */
export interface SampleReport {
	soql: string;
	status: number;
	elapsedMs: number;
	totalSize: number;
	apiUsage: ApiUsage | null;
	records: SalesforceRecord[];
	rows: SampleRow[];
}

/** The query with its LIMIT lowered to `size` (kept when already lower). */
export function limitQuery(soql: string, size: number): string {
	const query = parseSoql(soql);
	const current = query.limit === undefined ? Infinity : Number(query.limit);
	query.limit = Math.min(current, size);
	return composeQuery(query);
}

/** Runs the connector's query on a few records and maps them; Salesforce errors are thrown as AppFailure. */
export async function sampleConnector(input: {
	client: Pick<SalesforceClient, 'query' | 'queryPages'>;
	connector: Pick<Connector, 'soql' | 'userStatus' | 'companyDomains' | 'includeDeleted' | 'mapping'> &
		Partial<Pick<Connector, 'latestLogin'>>;
	mapping: PageMapper;
	size?: number;
	signal?: AbortSignal;
}): Promise<SampleReport> {
	const { connector } = input;
	const soql = limitQuery(applyConnectorFilters(connector.soql, connector), input.size ?? SAMPLE_SIZE);
	const page = await input.client.query(soql, { all: connector.includeDeleted, signal: input.signal });
	if (connector.latestLogin) await attachLatestLogins(input.client, page.records, { signal: input.signal });
	const mapped = await input.mapping.mapPage(page.records);
	const kind = connector.mapping.identifier.kind;
	return {
		soql,
		status: page.status,
		elapsedMs: page.elapsedMs,
		totalSize: page.totalSize,
		apiUsage: page.apiUsage,
		records: page.records,
		rows: mapped.map((record) => {
			const identifier = normalizeIdentifier(record.identifier, kind);
			return {
				id: record.id,
				identifier: identifier.ok ? identifier.display : null,
				skipReason: identifier.ok ? null : identifier.reason,
				values: record.values,
				errors: record.errors
			};
		})
	};
}
