/** Credential metadata on the page side (no secrets here: those stay encrypted or in the worker). */
import * as v from 'valibot';
import { appError, type Result } from '../core/errors';
import { CredentialSchema, type Credential } from '../core/model';
import { demoCredential } from '../demo';
import type { ConnectorDatabase } from './db';

/** Makes sure the built-in demo org credential exists; returns its id. */
export async function ensureDemoCredential(db: ConnectorDatabase, now = Date.now()): Promise<string> {
	const demo = demoCredential(now);
	if (!(await db.credentials.get(demo.id))) await db.credentials.put(demo);
	return demo.id;
}

/** What the credential form edits. */
export type CredentialDraft = Pick<
	Credential,
	'label' | 'kind' | 'loginHost' | 'clientId' | 'username' | 'apiVersion' | 'remember'
>;

/** A new, empty PKCE credential draft. */
export function newCredentialDraft(): CredentialDraft {
	return {
		label: '',
		kind: 'pkce',
		loginHost: { kind: 'mydomain', url: 'https://' },
		clientId: '',
		username: '',
		apiVersion: null,
		remember: false
	};
}

/** Validates and stores a new credential; returns it, or the first problem as INVALID_INPUT. */
export async function createCredential(
	db: ConnectorDatabase,
	draft: CredentialDraft,
	now = Date.now()
): Promise<Result<Credential>> {
	const parsed = v.safeParse(CredentialSchema, {
		...draft,
		id: crypto.randomUUID(),
		instanceUrl: null,
		orgId: null,
		userId: null,
		createdAt: now,
		updatedAt: now
	});
	if (!parsed.success) return invalid(parsed.issues);
	await db.credentials.put(parsed.output);
	return { ok: true, value: parsed.output };
}

/** Validates and saves changes to a credential; a new login host or app clears what was learnt at sign-in. */
export async function updateCredential(
	db: ConnectorDatabase,
	id: string,
	draft: CredentialDraft,
	now = Date.now()
): Promise<Result<Credential>> {
	const current = await db.credentials.get(id);
	if (!current) return { ok: false, error: appError('AUTH_CONFIG', 'This credential no longer exists.') };
	const moved =
		JSON.stringify(current.loginHost) !== JSON.stringify(draft.loginHost) ||
		current.clientId !== draft.clientId;
	const parsed = v.safeParse(CredentialSchema, {
		...current,
		...draft,
		...(moved ? { instanceUrl: null, orgId: null, userId: null } : {}),
		updatedAt: now
	});
	if (!parsed.success) return invalid(parsed.issues);
	await db.credentials.put(parsed.output);
	return { ok: true, value: parsed.output };
}

/** How many connectors use the credential (they stop working when it is deleted). */
export function connectorsUsing(db: ConnectorDatabase, id: string): Promise<number> {
	return db.connectors.filter((connector) => connector.credentialId === id).count();
}

/** Deletes a credential and its sealed secrets (sign it out first, so its tokens are revoked). */
export async function deleteCredential(db: ConnectorDatabase, id: string): Promise<void> {
	await db.transaction('rw', db.credentials, db.secrets, async () => {
		await db.credentials.delete(id);
		await db.secrets.where('credentialId').equals(id).delete();
	});
}

function invalid(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): Result<never> {
	const issue = issues[0];
	const field = v.getDotPath(issue) ?? undefined;
	return {
		ok: false,
		error: appError('INVALID_INPUT', field ? `${field}: ${issue.message}` : issue.message, { field })
	};
}
