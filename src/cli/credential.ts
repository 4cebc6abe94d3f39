/**
 * The credential of an unattended run, from a JSON file or from SF_* environment variables: JWT bearer
 * (private key file), client credentials, refresh token, or a pasted access token. Sign-in goes through
 * the app's own grants (oauth4webapi); a refused session is renewed once by signing in again.
 */
import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import {
	importPrivateKeyPem,
	refreshAccessToken,
	signInWithClientCredentials,
	signInWithJwt,
	useAccessToken,
	type TokenSet
} from '../lib/auth';
import { AppFailure, appError, type Result } from '../lib/core/errors';
import { validate, type Problem } from '../lib/core/model';
import { createSalesforceClient, type FetchLike, type SalesforceClient } from '../lib/core/salesforce';

/** API version used when the credential names none. */
export const DEFAULT_API_VERSION = '66.0';

const text = v.pipe(v.string(), v.minLength(1, 'must not be empty'));
const common = {
	label: v.optional(v.string()),
	apiVersion: v.optional(v.pipe(v.string(), v.regex(/^\d{2,3}\.0$/, 'must look like 66.0')))
};

/** What a credential file (or the environment) holds. */
export const CliCredentialSchema = v.variant('kind', [
	v.strictObject({ kind: v.literal('access_token'), accessToken: text, instanceUrl: text, ...common }),
	v.strictObject({
		kind: v.literal('jwt'),
		loginUrl: text,
		clientId: text,
		username: text,
		privateKeyFile: text,
		...common
	}),
	v.strictObject({
		kind: v.literal('client_credentials'),
		loginUrl: text,
		clientId: text,
		clientSecret: text,
		...common
	}),
	v.strictObject({
		kind: v.literal('refresh_token'),
		loginUrl: text,
		clientId: text,
		refreshToken: text,
		clientSecret: v.optional(v.string()),
		...common
	})
]);

/** A credential of an unattended run. */
export type CliCredential = v.InferOutput<typeof CliCredentialSchema>;

const ENVIRONMENT: Record<string, string> = {
	SF_CREDENTIAL_KIND: 'kind',
	SF_CREDENTIAL_LABEL: 'label',
	SF_API_VERSION: 'apiVersion',
	SF_ACCESS_TOKEN: 'accessToken',
	SF_INSTANCE_URL: 'instanceUrl',
	SF_LOGIN_URL: 'loginUrl',
	SF_CLIENT_ID: 'clientId',
	SF_CLIENT_SECRET: 'clientSecret',
	SF_USERNAME: 'username',
	SF_PRIVATE_KEY_FILE: 'privateKeyFile',
	SF_REFRESH_TOKEN: 'refreshToken'
};

/** Names of the environment variables a credential is read from. */
export const CREDENTIAL_VARIABLES = Object.keys(ENVIRONMENT);

/** Reads a credential from an object (a file's JSON or the config of a Singer/Airbyte run); every problem at once. */
export function credentialFrom(
	input: unknown
): { ok: true; value: CliCredential } | { ok: false; problems: Problem[] } {
	return validate(CliCredentialSchema, input);
}

/** The credential the SF_* environment variables describe (SF_CREDENTIAL_KIND names the kind). */
export function credentialFromEnvironment(environment: NodeJS.ProcessEnv): Record<string, string> | null {
	if (!environment.SF_CREDENTIAL_KIND) return null;
	const input: Record<string, string> = {};
	for (const [name, key] of Object.entries(ENVIRONMENT)) {
		const value = environment[name];
		if (value !== undefined && value !== '') input[key] = value;
	}
	return input;
}

/** A label for run logs (details.credentials): the given one, else the kind and where it signs in. */
export function credentialLabel(credential: CliCredential): string {
	if (credential.label) return credential.label;
	const where = credential.kind === 'access_token' ? credential.instanceUrl : credential.loginUrl;
	return `${credential.kind} @ ${where}`;
}

function loginInput(credential: { loginUrl: string; clientId: string }, fetch: FetchLike) {
	return {
		credential: {
			id: 'cli',
			clientId: credential.clientId,
			loginHost: { kind: 'mydomain' as const, url: credential.loginUrl }
		},
		fetch
	};
}

/** Gets a token set for the credential (signs in, or checks a pasted access token). */
export async function signIn(credential: CliCredential, fetch: FetchLike): Promise<Result<TokenSet>> {
	switch (credential.kind) {
		case 'access_token':
			return useAccessToken({ accessToken: credential.accessToken, instanceUrl: credential.instanceUrl });
		case 'client_credentials':
			return signInWithClientCredentials({
				...loginInput(credential, fetch),
				clientSecret: credential.clientSecret
			});
		case 'refresh_token':
			return refreshAccessToken({
				...loginInput(credential, fetch),
				refreshToken: credential.refreshToken,
				clientSecret: credential.clientSecret ?? null
			});
		case 'jwt': {
			let pem: string;
			try {
				pem = await readFile(credential.privateKeyFile, 'utf8');
			} catch (thrown) {
				const reason = (thrown as NodeJS.ErrnoException).code ?? String(thrown);
				return {
					ok: false,
					error: appError(
						'INVALID_INPUT',
						`The private key file ${credential.privateKeyFile} could not be read (${reason}).`,
						{
							field: 'privateKeyFile'
						}
					)
				};
			}
			try {
				const privateKey = await importPrivateKeyPem(pem);
				return signInWithJwt({ ...loginInput(credential, fetch), privateKey, username: credential.username });
			} catch (thrown) {
				if (thrown instanceof AppFailure) return { ok: false, error: thrown.error };
				throw thrown;
			}
		}
	}
}

/** A signed-in client: the Salesforce client, and the instance it talks to. */
export interface Connected {
	client: SalesforceClient;
	instanceUrl: string;
	apiVersion: string;
}

/** Signs in and builds the client; on a refused session it signs in again once per refusal (no pasted token). */
export async function connect(credential: CliCredential, fetch: FetchLike): Promise<Connected> {
	const first = await signIn(credential, fetch);
	if (!first.ok) throw new AppFailure(first.error);
	let current = first.value.accessToken;
	const apiVersion = credential.apiVersion ?? DEFAULT_API_VERSION;
	const renew =
		credential.kind === 'access_token'
			? undefined
			: async (stale: string) => {
					if (stale !== current) return current;
					const again = await signIn(credential, fetch);
					if (!again.ok) throw new AppFailure(again.error);
					return (current = again.value.accessToken);
				};
	return {
		client: createSalesforceClient({
			fetch,
			instanceUrl: first.value.instanceUrl,
			apiVersion,
			getAccessToken: async () => current,
			refreshAccessToken: renew
		}),
		instanceUrl: first.value.instanceUrl,
		apiVersion
	};
}
