/** `GET /vXX.X/sobjects`, `/sobjects/{name}`, `/sobjects/{name}/describe` and `/sobjects/{name}/{id}`. */
import type { Org } from '../data';
import { describeGlobal, describeSObject } from '../describe';
import { planQuery, SoqlError } from '../soql';
import { errorResponse, jsonResponse, notFoundResponse } from './responses';

const RECORD_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
const FIELD_LIST = /^\s*[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*$/;

/**
 * Answers the sobjects routes; `rest` is the path after `/sobjects` split on `/` (possibly empty) and
 * `fields` the `?fields=` list of a record request.
 */
export function sobjectsResponse(
	org: Org,
	apiVersion: string,
	rest: string[],
	fields: string | null
): Response {
	if (rest.length === 0) return jsonResponse(describeGlobal(org, apiVersion));
	if (rest.length > 2) return notFoundResponse();
	const [name, second] = rest;
	const describe = describeSObject(org, decodeURIComponent(name), apiVersion) as Record<
		string,
		unknown
	> | null;
	if (!describe) return notFoundResponse();
	if (second === 'describe') return jsonResponse(describe);
	if (second !== undefined) return recordResponse(org, apiVersion, String(describe.name), second, fields);
	const objectDescribe: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(describe)) {
		if (key !== 'fields' && key !== 'childRelationships' && key !== 'recordTypeInfos')
			objectDescribe[key] = value;
	}
	return jsonResponse({ objectDescribe, recentItems: [] });
}

/** One record by Id, with every standard field or the `fields` asked for. */
function recordResponse(
	org: Org,
	apiVersion: string,
	objectName: string,
	id: string,
	fields: string | null
): Response {
	if (!RECORD_ID.test(id)) return notFoundResponse();
	if (fields !== null && !FIELD_LIST.test(fields)) {
		return errorResponse(400, 'INVALID_FIELD', `No such column '${fields}' on sobject of type ${objectName}`);
	}
	const select = fields === null ? 'FIELDS(STANDARD)' : fields;
	try {
		const plan = planQuery(org, `SELECT ${select} FROM ${objectName} WHERE Id = '${id}'`, {
			all: false,
			apiVersion
		});
		const [record] = plan.totalSize > 0 ? plan.page(0, 1) : [];
		return record ? jsonResponse(record) : notFoundResponse();
	} catch (error) {
		if (error instanceof SoqlError)
			return errorResponse(error.status, error.errorCode, error.message, error.fields);
		throw error;
	}
}
