/** `GET /vXX.X/sobjects`, `/sobjects/{name}` and `/sobjects/{name}/describe`. */
import type { Org } from '../data';
import { describeGlobal, describeSObject } from '../describe';
import { jsonResponse, notFoundResponse } from './responses';

/** Answers the sobjects routes; `rest` is the path after `/sobjects` split on `/` (possibly empty). */
export function sobjectsResponse(org: Org, apiVersion: string, rest: string[]): Response {
	if (rest.length === 0) return jsonResponse(describeGlobal(org, apiVersion));
	const [name, action] = rest;
	const describe = describeSObject(org, decodeURIComponent(name), apiVersion) as Record<
		string,
		unknown
	> | null;
	if (!describe) return notFoundResponse();
	if (rest.length === 2 && action === 'describe') return jsonResponse(describe);
	if (rest.length === 1) {
		const objectDescribe: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(describe)) {
			if (key !== 'fields' && key !== 'childRelationships' && key !== 'recordTypeInfos')
				objectDescribe[key] = value;
		}
		return jsonResponse({ objectDescribe, recentItems: [] });
	}
	return notFoundResponse();
}
