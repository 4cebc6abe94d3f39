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

/** Whether a credential is the demo org's. */
export function isDemo<T extends Pick<Credential, 'kind'>>(credential: T): credential is T & { kind: 'demo' };
/** Whether a connector's credential id names the demo org (null means the demo org too). */
export function isDemo(credentialId: string | null): credentialId is null | typeof DEMO_CREDENTIAL_ID;
export function isDemo(credential: Pick<Credential, 'kind'> | string | null): boolean {
	if (credential === null) return true;
	return typeof credential === 'string' ? credential === DEMO_CREDENTIAL_ID : credential.kind === 'demo';
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

/** A change applied to the demo org between runs (users added, removed, changed). */
export interface DemoChange {
	added?: number;
	removed?: number;
	changed?: number;
}

/** The demo org's settings. */
export interface DemoSettings {
	users: number;
	changes: DemoChange[];
}
