import { describe, expect, it } from 'vitest';
import { SecretBox, secretName, type KeyStore, type SealedSecret, type SecretStore } from './secret-box';

function memoryStores() {
	let key: CryptoKey | null = null;
	const sealed = new Map<string, SealedSecret>();
	const keyStore: KeyStore = {
		async getKey() {
			return key;
		},
		async putKey(next) {
			key = next;
		}
	};
	const secretStore: SecretStore = {
		async get(name) {
			return sealed.get(name) ?? null;
		},
		async put(name, value) {
			sealed.set(name, value);
		},
		async delete(name) {
			sealed.delete(name);
		}
	};
	return { keyStore, secretStore, sealed };
}

const REFRESH_TOKEN =
	'5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJ2E6Mz9.z0fBDEcaG7zEinwFbNOFwkYJolJpxFfAXHmyPgmzW';

describe('SecretBox', () => {
	it('round-trips a secret under a non-extractable key, with no clear text stored (Q5)', async () => {
		const stores = memoryStores();
		const box = await SecretBox.open(stores);
		const name = secretName('cred-1', 'refreshToken');
		await box.seal(name, REFRESH_TOKEN);
		expect(await box.unseal(name)).toBe(REFRESH_TOKEN);
		const key = await stores.keyStore.getKey();
		expect(key?.extractable).toBe(false);
		await expect(crypto.subtle.exportKey('raw', key as CryptoKey)).rejects.toThrow();
		const record = stores.sealed.get(name) as SealedSecret;
		const bytes = new TextDecoder('latin1').decode(new Uint8Array(record.ciphertext));
		expect(bytes).not.toContain('5Aep861');
		expect(record.iv).toHaveLength(12);
	});

	it('uses a fresh IV each time and reopens with the stored key', async () => {
		const stores = memoryStores();
		const first = await SecretBox.open(stores);
		await first.seal('a', 'same');
		const ivA = stores.sealed.get('a')?.iv;
		await first.seal('a', 'same');
		expect(stores.sealed.get('a')?.iv).not.toEqual(ivA);
		const reopened = await SecretBox.open(stores);
		expect(await reopened.unseal('a')).toBe('same');
	});

	it('binds a ciphertext to its name, and drops what no longer decrypts', async () => {
		const stores = memoryStores();
		const box = await SecretBox.open(stores);
		await box.seal('cred-1:clientSecret', 'secret');
		stores.sealed.set('cred-2:clientSecret', stores.sealed.get('cred-1:clientSecret') as SealedSecret);
		expect(await box.unseal('cred-2:clientSecret')).toBeNull();
		expect(stores.sealed.has('cred-2:clientSecret')).toBe(false);
		const otherDevice = await SecretBox.open({ ...memoryStores(), secretStore: stores.secretStore });
		expect(await otherDevice.unseal('cred-1:clientSecret')).toBeNull();
		expect(await box.unseal('missing')).toBeNull();
	});

	it('forgets a secret', async () => {
		const stores = memoryStores();
		const box = await SecretBox.open(stores);
		await box.seal('x', 'y');
		await box.forget('x');
		expect(await box.unseal('x')).toBeNull();
	});
});
