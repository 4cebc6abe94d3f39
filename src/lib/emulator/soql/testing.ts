/** Shared set-up of the SOQL engine specs: one generated org, its live users, and query helpers. */
import { createOrg, type Org } from '../data';
import { planQuery, SoqlError } from './index';

/** The org every SOQL spec queries: 500 users, "now" at noon on 1 November 2026. */
export const org = createOrg({ users: 500, seed: 42, today: Date.UTC(2026, 10, 1, 12) });
/** Plan options of a plain query call at API 65.0. */
export const options = { all: false, apiVersion: '65.0' };

/** Runs a query (or a queryAll) and returns its total size and every record. */
export function queryRecords(
	soql: string,
	target: Org = org,
	queryAll = false
): { totalSize: number; records: Record<string, unknown>[] } {
	const plan = planQuery(target, soql, { ...options, all: queryAll });
	return { totalSize: plan.totalSize, records: plan.page(0, plan.totalSize) };
}

/** The SoqlError a query fails with; throws when it does not fail. */
export function queryFailure(soql: string): SoqlError {
	try {
		planQuery(org, soql, options);
	} catch (error) {
		if (error instanceof SoqlError) return error;
		throw error;
	}
	throw new Error(`no error for ${soql}`);
}

/** Every live user, straight from the generator, to check query results against. */
export const users = Array.from({ length: org.userRows }, (_, row) => org.userAt(row)).filter(
	(user) => !user.IsDeleted
);
