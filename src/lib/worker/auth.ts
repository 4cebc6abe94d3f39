/**
 * The sign-in surface of the worker: every method returns a Result and none returns a token. Sessions,
 * their renewal and "Remember on this device" are the custody's (auth/custody.ts); how each kind of
 * credential signs in is the kinds table's (auth/kinds.ts).
 */
import {
	beginAuthorization,
	completeAuthorization,
	CREDENTIAL_KINDS,
	notSignedIn,
	testConnection,
	type ConnectionReport,
	type FetchLike,
	type HeldSecrets,
	type SessionCustody,
	type SignInSecrets,
	type TokenSet
} from '../auth';
import { AppFailure, appError, type Result } from '../core/errors';
import type { Credential } from '../core/model';
import { createSalesforceClient } from '../core/salesforce';
import { isDemo } from '../demo';
import type { ConnectorDatabase } from '../store/db';
import { databasePendingStore } from '../store/pending-auth';
import type { CredentialStatus } from './protocol';
import { asResult } from './result';

/** Pending sign-ins older than this are dropped. */
const PENDING_LIFETIME_MS = 3_600_000;

/** What the sign-in API needs (a subset of the worker's dependencies). */
export interface AuthDeps {
	database: () => ConnectorDatabase;
	fetch: FetchLike;
	custody: SessionCustody;
	now?: () => number;
}

/** The sign-in surface of the worker: every method returns a Result and none returns a token. */
export function createAuthApi(deps: AuthDeps) {
	const { custody } = deps;
	const now = deps.now ?? Date.now;
	const pending = databasePendingStore(deps.database, now);
	const appOrigin = () => (typeof location === 'undefined' ? undefined : location.origin);

	async function credentialFor(id: string): Promise<Credential> {
		const credential = await deps.database().credentials.get(id);
		if (!credential) throw new AppFailure(appError('AUTH_CONFIG', 'This credential no longer exists.'));
		if (isDemo(credential) || isDemo(id))
			throw new AppFailure(appError('AUTH_CONFIG', 'The demo org needs no sign-in.'));
		return credential;
	}

	async function finishSignIn(credential: Credential, tokens: TokenSet, held: HeldSecrets) {
		await custody.hold(credential, tokens, held);
		await recordMetadata(credential, tokens);
		return statusOf(credential.id);
	}

	/** Writes org id, instance URL, user id and the API version (default the newest the org lists). */
	async function recordMetadata(credential: Credential, tokens: TokenSet): Promise<void> {
		const client = createSalesforceClient({
			fetch: deps.fetch,
			instanceUrl: tokens.instanceUrl,
			apiVersion: credential.apiVersion ?? '',
			getAccessToken: async () => tokens.accessToken,
			retry: { retries: 0 }
		});
		const info = await client.userInfo().catch(() => null);
		const versions = await client.versions().catch(() => []);
		if (info?.username) custody.vault.setUsername(credential.id, info.username);
		const newest = versions
			.map((entry) => entry.version)
			.sort((a, b) => Number(a) - Number(b))
			.at(-1);
		await deps.database().credentials.update(credential.id, {
			instanceUrl: tokens.instanceUrl,
			orgId: tokens.orgId ?? info?.organizationId ?? null,
			userId: tokens.userId ?? info?.userId ?? null,
			apiVersion: credential.apiVersion ?? newest ?? null,
			updatedAt: now()
		});
	}

	async function statusOf(id: string): Promise<CredentialStatus> {
		const tokens = await custody.tokens(id);
		const credential = await deps.database().credentials.get(id);
		const username = custody.vault.username(id);
		return {
			signedIn: tokens !== null,
			instanceUrl: tokens?.instanceUrl ?? credential?.instanceUrl ?? null,
			orgId: tokens?.orgId ?? credential?.orgId ?? null,
			userId: tokens?.userId ?? credential?.userId ?? null,
			issuedAt: tokens?.issuedAt ?? null,
			...(username ? { username } : {}),
			remembered: await custody.isRemembered(id)
		};
	}

	async function connectionReport(credential: Credential): Promise<ConnectionReport> {
		const run = async () => {
			const tokens = await custody.tokens(credential.id);
			if (!tokens) throw notSignedIn();
			const report = await testConnection({
				fetch: deps.fetch,
				instanceUrl: tokens.instanceUrl,
				accessToken: tokens.accessToken,
				apiVersion: credential.apiVersion,
				appOrigin: appOrigin()
			});
			return { report, tokens };
		};
		const first = await run();
		const expired = first.report.steps.some((step) => step.error?.code === 'SF_INVALID_SESSION');
		if (!expired) return first.report;
		try {
			await custody.refresh(credential.id, first.tokens.accessToken);
		} catch {
			return first.report;
		}
		return (await run()).report;
	}

	return {
		/** Starts an authorization-code + PKCE sign-in: the Salesforce login URL to send the browser to. */
		beginSignIn: (credentialId: string, redirectUri: string) =>
			asResult(async () => {
				const credential = await credentialFor(credentialId);
				await deps
					.database()
					.pendingAuth.where('createdAt')
					.below(now() - PENDING_LIFETIME_MS)
					.delete();
				const begun = await beginAuthorization({
					credential,
					redirectUri,
					store: pending,
					fetch: deps.fetch,
					now
				});
				if (!begun.ok) throw new AppFailure(begun.error);
				return { url: begun.value.url };
			}),
		/** Finishes a PKCE sign-in from the callback URL; the verifier is gone afterwards. */
		completeSignIn: (callbackUrl: string) =>
			asResult(async () => {
				const completed = await completeAuthorization({
					callbackUrl,
					store: pending,
					fetch: deps.fetch,
					now
				});
				if (!completed.ok) throw new AppFailure(completed.error);
				const credential = await credentialFor(completed.value.credentialId);
				await finishSignIn(credential, completed.value.tokens, {});
				return { credentialId: credential.id };
			}),
		/** Signs in with what the user typed (JWT key, client secret, refresh token, password or access token). */
		signIn: (credentialId: string, secrets: SignInSecrets) =>
			asResult(async () => {
				const credential = await credentialFor(credentialId);
				const signIn = CREDENTIAL_KINDS[credential.kind].signIn;
				if (!signIn)
					throw new AppFailure(
						appError('AUTH_CONFIG', 'This kind signs in through Salesforce’s login page: use “Sign in”.')
					);
				const { result, held } = await signIn({ credential, fetch: deps.fetch, now }, secrets);
				if (!result.ok) throw new AppFailure(result.error);
				return finishSignIn(credential, result.value, held);
			}),
		/** Revokes the session at Salesforce and forgets it here, in other tabs and on this device. */
		signOut: (credentialId: string) =>
			asResult(async () => {
				const revoked = await custody.signOut(credentialId);
				if (!revoked.ok) throw new AppFailure(revoked.error);
			}),
		/** Saves "Remember on this device": on seals the live session's secrets, off deletes them. */
		setRemember: (credentialId: string, remember: boolean) =>
			asResult(async () => {
				const credential = await credentialFor(credentialId);
				await deps.database().credentials.update(credentialId, { remember, updatedAt: now() });
				await custody.setRemember({ ...credential, remember }, remember);
				return statusOf(credentialId);
			}),
		/** Whether the credential is signed in, where and as whom (never a token). */
		credentialStatus: (credentialId: string) => asResult(() => statusOf(credentialId)),
		/** "Run test": identity, versions, limits and describe User with the credential's session. */
		testConnection: (credentialId: string): Promise<Result<ConnectionReport>> =>
			asResult(async () => connectionReport(await credentialFor(credentialId)))
	};
}
