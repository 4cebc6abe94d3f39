/** The org's schema for SOQL completion, asked of the worker (which caches per org and API version) once per tab. */
import type { DescribeResult } from '$lib/core/salesforce';
import type { SchemaSource } from '$lib/ui/editors/soql-completion';
import { worker } from '$lib/worker/client';

const describes = new Map<string, Promise<DescribeResult | null>>();
const objectLists = new Map<string | null, Promise<string[]>>();

/** Describe and object list of the credential's org; failures complete nothing rather than break typing. */
export function workerSchema(credentialId: string | null): SchemaSource {
	return {
		describe(objectName) {
			const key = `${credentialId}|${objectName.toLowerCase()}`;
			let found = describes.get(key);
			if (!found) {
				found = worker()
					.describe(credentialId, objectName)
					.then((result) => (result.ok ? result.value : null));
				describes.set(key, found);
				found.then((value) => value ?? describes.delete(key));
			}
			return found;
		},
		objects() {
			let found = objectLists.get(credentialId);
			if (!found) {
				found = worker()
					.describeGlobal(credentialId)
					.then((result) =>
						result.ok
							? result.value.sobjects
									.filter((sobject) => sobject.queryable !== false)
									.map((sobject) => sobject.name)
							: []
					);
				objectLists.set(credentialId, found);
			}
			return found;
		}
	};
}
