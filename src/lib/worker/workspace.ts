/**
 * What the connector editor asks of the worker: a test run on a few records, the live preview of a
 * mapping over sample records, and the org's describe (cached per org and API version) for completion.
 */
import { AppFailure, type Result } from '../core/errors';
import { compileMapping, mappingInvalid, validateMapping } from '../core/mapping';
import type { Connector, MappingSpec } from '../core/model';
import { normalizeIdentifier, sampleConnector, type SampleReport, type SampleRow } from '../core/run';
import type { DescribeGlobalResult, DescribeResult, SalesforceRecord } from '../core/salesforce';
import type { ConnectorDatabase } from '../store/db';
import type { Connection } from './connections';
import { asResult } from './result';

/** Describe results older than this are fetched again. */
const DESCRIBE_TTL_MS = 24 * 60 * 60 * 1000;

/** What the workspace needs. */
export interface WorkspaceDeps {
	db: () => ConnectorDatabase;
	connect(credentialId: string | null): Promise<Connection>;
	now?: () => number;
}

/** A connector as the editor holds it (not necessarily saved). */
export type ConnectorDraft = Pick<
	Connector,
	'credentialId' | 'soql' | 'userStatus' | 'companyDomains' | 'includeDeleted' | 'mapping'
> &
	Partial<Pick<Connector, 'latestLogin'>>;

/** Fails with every mapping problem at once, before any request is made (Q19). */
function assertValidMapping(spec: MappingSpec): void {
	const problems = validateMapping(spec);
	if (problems.length) throw new AppFailure(mappingInvalid(problems));
}

/** Builds the workspace API. */
export function createWorkspace(deps: WorkspaceDeps) {
	const now = deps.now ?? (() => Date.now());
	const compiled = new Map<string, ReturnType<typeof compileMapping>>();

	function mappingFor(spec: MappingSpec) {
		const key = JSON.stringify(spec);
		let mapping = compiled.get(key);
		if (!mapping) {
			if (compiled.size > 20) compiled.clear();
			mapping = compileMapping(spec, { timeoutMs: 1000 });
			compiled.set(key, mapping);
		}
		return mapping;
	}

	async function cached<T>(connection: Connection, name: string, fetch: () => Promise<T>): Promise<T> {
		const key = `${connection.orgKey}|${connection.apiVersion}|${name}`;
		const db = deps.db();
		const hit = await db.describeCache.get(key);
		if (hit && now() - hit.fetchedAt < DESCRIBE_TTL_MS) return hit.value as T;
		const value = await fetch();
		await db.describeCache.put({ key, fetchedAt: now(), value }).catch(() => undefined);
		return value;
	}

	return {
		/** "Run test": the query with a small LIMIT through the real client and mapping. */
		testConnector(draft: ConnectorDraft, size?: number): Promise<Result<SampleReport>> {
			return asResult(async () => {
				assertValidMapping(draft.mapping);
				const connection = await deps.connect(draft.credentialId);
				return sampleConnector({
					client: connection.client,
					connector: draft,
					mapping: mappingFor(draft.mapping),
					size
				});
			});
		},

		/** The mapping's output on sample records (live preview), with JSONata's guardrails. */
		previewMapping(spec: MappingSpec, records: SalesforceRecord[]): Promise<Result<SampleRow[]>> {
			return asResult(async () => {
				assertValidMapping(spec);
				const mapped = await mappingFor(spec).mapPage(records);
				return mapped.map((record) => {
					const identifier = normalizeIdentifier(record.identifier, spec.identifier.kind);
					return {
						id: record.id,
						identifier: identifier.ok ? identifier.display : null,
						skipReason: identifier.ok ? null : identifier.reason,
						values: record.values,
						errors: record.errors
					};
				});
			});
		},

		/** An object's describe, cached per org and API version. */
		describe(credentialId: string | null, sobject: string): Promise<Result<DescribeResult>> {
			return asResult(async () => {
				const connection = await deps.connect(credentialId);
				return cached(connection, sobject, () => connection.client.describe(sobject));
			});
		},

		/** The org's object list, cached per org and API version. */
		describeGlobal(credentialId: string | null): Promise<Result<DescribeGlobalResult>> {
			return asResult(async () => {
				const connection = await deps.connect(credentialId);
				return cached(connection, '(global)', () => connection.client.describeGlobal());
			});
		}
	};
}
