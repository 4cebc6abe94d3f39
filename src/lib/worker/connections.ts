/**
 * From a credential to a Salesforce client. The demo org is the emulator answering in this worker (no
 * network); a real org goes through the browser's fetch with tokens from the token custody. Nothing
 * above the transport knows which.
 */
import { appError, AppFailure } from '../core/errors';
import type { Credential } from '../core/model';
import { createSalesforceClient, type FetchLike, type SalesforceClient } from '../core/salesforce';
import { DEMO_API_VERSION, isDemo } from '../demo';

/** An access token and the instance it is for. */
export interface Session {
	accessToken: string;
	instanceUrl: string;
	apiVersion: string;
}

/** Where tokens of real credentials come from (the token custody of this worker). */
export interface TokenSource {
	/** The live session of a credential; fails with AUTH_SIGN_IN_AGAIN when there is none. */
	session(credentialId: string): Promise<Session>;
	/** A new access token after `stale` was refused (single flight per credential). */
	refresh(credentialId: string, stale: string): Promise<string>;
}

/** A ready client and what it talks to. */
export interface Connection {
	client: SalesforceClient;
	instanceUrl: string;
	apiVersion: string;
	/** Org id, for per-org caches. */
	orgKey: string;
	fetch: FetchLike;
	accessToken(): Promise<string>;
}

/** What builds connections. */
export interface ConnectionDeps {
	/** The demo org's transport and admin token, created on first use with the configured size. */
	demo(): Promise<{ fetch: FetchLike; instanceUrl: string; accessToken: string; orgId: string }>;
	tokens: TokenSource;
	/** The page's fetch for real orgs. */
	fetch: FetchLike;
	credential(id: string): Promise<Credential | undefined>;
}

/** Opens a client for a credential (the demo org, or a signed-in real org). */
export async function connect(deps: ConnectionDeps, credentialId: string | null): Promise<Connection> {
	if (isDemo(credentialId)) {
		const demo = await deps.demo();
		const token = async () => demo.accessToken;
		return {
			client: createSalesforceClient({
				fetch: demo.fetch,
				instanceUrl: demo.instanceUrl,
				apiVersion: DEMO_API_VERSION,
				getAccessToken: token
			}),
			instanceUrl: demo.instanceUrl,
			apiVersion: DEMO_API_VERSION,
			orgKey: demo.orgId,
			fetch: demo.fetch,
			accessToken: token
		};
	}
	const credential = await deps.credential(credentialId);
	if (!credential)
		throw new AppFailure(
			appError('AUTH_CONFIG', 'The credential of this connector no longer exists. Pick another one.')
		);
	const session = await deps.tokens.session(credentialId);
	let current = session.accessToken;
	const apiVersion = credential.apiVersion ?? session.apiVersion;
	return {
		client: createSalesforceClient({
			fetch: deps.fetch,
			instanceUrl: session.instanceUrl,
			apiVersion,
			getAccessToken: async () => current,
			refreshAccessToken: async (stale) => (current = await deps.tokens.refresh(credentialId, stale)),
			opaqueNetworkErrors: true,
			pagesThroughComposite: true
		}),
		instanceUrl: session.instanceUrl,
		apiVersion,
		orgKey: credential.orgId ?? session.instanceUrl,
		fetch: deps.fetch,
		accessToken: async () => current
	};
}
