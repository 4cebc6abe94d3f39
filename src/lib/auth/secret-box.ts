/**
 * "Remember on this device": secrets (refresh token, client secret, private key PEM) encrypted with
 * AES-GCM under a non-extractable WebCrypto key. The key itself is stored as a CryptoKey object (IndexedDB
 * keeps it without ever exposing its bytes); ciphertexts sit apart. Nothing sensitive is stored in clear (Q5).
 */
import { AppFailure, appError } from '../core/errors';

/** Keeps the one wrapping key (IndexedDB in the app: a CryptoKey is structured-cloneable). */
export interface KeyStore {
	getKey(): Promise<CryptoKey | null>;
	putKey(key: CryptoKey): Promise<void>;
}

/** An encrypted secret. */
export interface SealedSecret {
	iv: Uint8Array<ArrayBuffer>;
	ciphertext: ArrayBuffer;
}

/** Keeps sealed secrets by name (e.g. "cred-1:refreshToken"). */
export interface SecretStore {
	get(name: string): Promise<SealedSecret | null>;
	put(name: string, sealed: SealedSecret): Promise<void>;
	delete(name: string): Promise<void>;
}

const AES_GCM = 'AES-GCM';

/** Encrypts and decrypts named secrets with the device key. */
export class SecretBox {
	readonly #key: CryptoKey;
	readonly #store: SecretStore;
	readonly #subtle: SubtleCrypto;

	private constructor(key: CryptoKey, store: SecretStore, subtle: SubtleCrypto) {
		this.#key = key;
		this.#store = store;
		this.#subtle = subtle;
	}

	/** Opens the box, creating the non-extractable device key on first use. */
	static async open(input: {
		keyStore: KeyStore;
		secretStore: SecretStore;
		subtle?: SubtleCrypto;
	}): Promise<SecretBox> {
		const subtle = input.subtle ?? crypto.subtle;
		let key = await input.keyStore.getKey();
		if (!key) {
			key = await subtle.generateKey({ name: AES_GCM, length: 256 }, false, ['encrypt', 'decrypt']);
			await input.keyStore.putKey(key);
		}
		if (key.extractable)
			throw new AppFailure(appError('STORAGE_ERROR', 'The device key must not be extractable.'));
		return new SecretBox(key, input.secretStore, subtle);
	}

	/** Encrypts and stores a secret under a name (the name is bound to the ciphertext). */
	async seal(name: string, secret: string): Promise<void> {
		const iv = crypto.getRandomValues(new Uint8Array(12));
		const ciphertext = await this.#subtle.encrypt(
			{ name: AES_GCM, iv, additionalData: new TextEncoder().encode(name) },
			this.#key,
			new TextEncoder().encode(secret)
		);
		await this.#store.put(name, { iv, ciphertext });
	}

	/** The stored secret, or null when none; a secret that no longer decrypts is deleted and reported as null. */
	async unseal(name: string): Promise<string | null> {
		const sealed = await this.#store.get(name);
		if (!sealed) return null;
		try {
			const plain = await this.#subtle.decrypt(
				{ name: AES_GCM, iv: sealed.iv, additionalData: new TextEncoder().encode(name) },
				this.#key,
				sealed.ciphertext
			);
			return new TextDecoder().decode(plain);
		} catch {
			await this.#store.delete(name);
			return null;
		}
	}

	/** Deletes a stored secret. */
	async forget(name: string): Promise<void> {
		await this.#store.delete(name);
	}
}

/** Name of a credential's secret slot. */
export function secretName(
	credentialId: string,
	secret: 'refreshToken' | 'clientSecret' | 'privateKey'
): string {
	return `${credentialId}:${secret}`;
}
