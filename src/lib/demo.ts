/**
 * The built-in demo org in one place: its credential, address, API version and size, and the test of
 * whether a credential is the demo org's.
 */
import type { Credential } from './core/model';

/** Id of the built-in demo org credential. */
export const DEMO_CREDENTIAL_ID = 'demo';
/** API version the demo org is queried with. */
export const DEMO_API_VERSION = '66.0';
/** Default size of the demo org. */
export const DEFAULT_DEMO_USERS = 5_000;
/** Where the demo org (the emulator in the worker) answers: its login host and its instance. */
export const DEMO_URL = 'https://demo.my.salesforce.com';

/** Whether a credential (or a connector's credential id, null meaning the demo org) is the demo org's. */
export function isDemo(credential: Pick<Credential, 'id' | 'kind'> | string | null): boolean {
	if (credential === null || typeof credential === 'string')
		return (credential ?? DEMO_CREDENTIAL_ID) === DEMO_CREDENTIAL_ID;
	return credential.kind === 'demo' || credential.id === DEMO_CREDENTIAL_ID;
}

/** The built-in credential of the demo org. */
export function demoCredential(now: number): Credential {
	return {
		id: DEMO_CREDENTIAL_ID,
		label: 'Demo org (built in)',
		kind: 'demo',
		loginHost: { kind: 'demo' },
		clientId: '',
		username: '',
		apiVersion: DEMO_API_VERSION,
		instanceUrl: null,
		orgId: null,
		userId: null,
		remember: false,
		createdAt: now,
		updatedAt: now
	};
}
