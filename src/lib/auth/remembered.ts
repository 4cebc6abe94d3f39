/**
 * "Remember on this device": a credential's refresh token, client secret or private key sealed with a
 * non-extractable device key in IndexedDB, unsealed when the app opens to renew the session.
 */
import type { Credential } from '../core/model';
import type { ConnectorDatabase } from '../store/db';
import { CREDENTIAL_KINDS, type HeldSecrets, type SignedIn, type UnsealedSecrets } from './kinds';
import { SecretBox, secretName } from './secret-box';
import type { FetchLike } from './server';
import type { TokenSet } from './tokens';

const DEVICE_KEY_ID = 'device';

/** The value of each sealed secret in a live session. */
function secretValues(tokens: TokenSet, held: HeldSecrets): UnsealedSecrets {
	return {
		refreshToken: tokens.refreshToken,
		clientSecret: held.clientSecret ?? null,
		privateKey: held.privateKeyPem ?? null
	};
}

/** The sealed secrets of this device's credentials. */
export class RememberedSecrets {
	readonly #database: () => ConnectorDatabase;
	#box: Promise<SecretBox> | null = null;

	constructor(database: () => ConnectorDatabase) {
		this.#database = database;
	}

	/** Seals what the credential's kind remembers of a live session. */
	async seal(
		credential: Pick<Credential, 'id' | 'kind'>,
		tokens: TokenSet,
		held: HeldSecrets
	): Promise<void> {
		const values = secretValues(tokens, held);
		const box = await this.#openBox();
		for (const secret of CREDENTIAL_KINDS[credential.kind].sealed) {
			const value = values[secret];
			if (value) await box.seal(secretName(credential.id, secret), value);
		}
	}

	/** Re-seals a rotated refresh token of a remembered credential. */
	async tokensChanged(id: string, tokens: TokenSet): Promise<void> {
		const credential = await this.#database().credentials.get(id);
		if (!credential?.remember || !tokens.refreshToken) return;
		if (!CREDENTIAL_KINDS[credential.kind].sealed.includes('refreshToken')) return;
		const box = await this.#openBox();
		await box.seal(secretName(id, 'refreshToken'), tokens.refreshToken);
	}

	/** A new session from the sealed secrets of a credential; null when they do not suffice. */
	async renew(credential: Credential, fetch: FetchLike, now?: () => number): Promise<SignedIn | null> {
		const kind = CREDENTIAL_KINDS[credential.kind];
		if (!kind.restore) return null;
		const box = await this.#openBox();
		const sealed: UnsealedSecrets = { refreshToken: null, clientSecret: null, privateKey: null };
		for (const secret of kind.sealed) sealed[secret] = await box.unseal(secretName(credential.id, secret));
		return kind.restore({ credential, fetch, now }, sealed);
	}

	/** Deletes the sealed secrets of a credential from this device. */
	async forget(id: string): Promise<void> {
		await this.#database().secrets.where('credentialId').equals(id).delete();
	}

	/** Whether sealed secrets of the credential are stored. */
	async isRemembered(id: string): Promise<boolean> {
		return (await this.#database().secrets.where('credentialId').equals(id).count()) > 0;
	}

	#openBox(): Promise<SecretBox> {
		const db = this.#database;
		this.#box ??= SecretBox.open({
			keyStore: {
				getKey: async () => (await db().keys.get(DEVICE_KEY_ID))?.key ?? null,
				putKey: async (key) => {
					await db().keys.put({ id: DEVICE_KEY_ID, key });
				}
			},
			secretStore: {
				get: async (name) => {
					const row = await db().secrets.get(name);
					return row ? { iv: new Uint8Array(row.iv), ciphertext: row.data } : null;
				},
				put: async (name, sealed) => {
					const credentialId = name.slice(0, name.lastIndexOf(':'));
					await db().secrets.put({ id: name, credentialId, iv: sealed.iv, data: sealed.ciphertext });
				},
				delete: async (name) => {
					await db().secrets.delete(name);
				}
			}
		});
		return this.#box;
	}
}
