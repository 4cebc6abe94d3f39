/**
 * The private key of a JWT-bearer credential: imported from PKCS#8 PEM into a non-extractable WebCrypto
 * key, used to sign RS256 assertions; the key material never leaves the browser.
 */
import { AppFailure, appError } from '../core/errors';

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
/** Seconds an assertion lives; Salesforce refuses more than three minutes. */
const ASSERTION_LIFETIME_S = 120;

/** Imports a PKCS#8 PEM ("BEGIN PRIVATE KEY") as a non-extractable RS256 signing key. */
export async function importPrivateKeyPem(
	pem: string,
	subtle: SubtleCrypto = crypto.subtle
): Promise<CryptoKey> {
	if (/BEGIN RSA PRIVATE KEY/.test(pem)) {
		throw new AppFailure(
			appError(
				'INVALID_INPUT',
				'This is a PKCS#1 key ("BEGIN RSA PRIVATE KEY"). Convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in key.pem',
				{ field: 'privateKey' }
			)
		);
	}
	const match = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(pem);
	if (!match) {
		throw new AppFailure(
			appError('INVALID_INPUT', 'Paste a PEM private key starting with -----BEGIN PRIVATE KEY-----.', {
				field: 'privateKey'
			})
		);
	}
	try {
		return await subtle.importKey('pkcs8', fromBase64(match[1].replace(/\s+/g, '')), RS256, false, ['sign']);
	} catch {
		throw new AppFailure(
			appError('INVALID_INPUT', 'The private key could not be read as an RSA key.', { field: 'privateKey' })
		);
	}
}

/** Signs a JWT-bearer assertion: iss = consumer key, sub = username, aud = login URL, exp two minutes ahead. */
export async function signJwtAssertion(input: {
	privateKey: CryptoKey;
	clientId: string;
	username: string;
	audience: string;
	nowMs: number;
	subtle?: SubtleCrypto;
}): Promise<string> {
	const subtle = input.subtle ?? crypto.subtle;
	const claims = {
		iss: input.clientId,
		sub: input.username,
		aud: input.audience,
		exp: Math.floor(input.nowMs / 1000) + ASSERTION_LIFETIME_S
	};
	const signingInput = `${base64UrlText(JSON.stringify({ alg: 'RS256' }))}.${base64UrlText(JSON.stringify(claims))}`;
	const signature = await subtle.sign(RS256, input.privateKey, new TextEncoder().encode(signingInput));
	return `${signingInput}.${base64Url(new Uint8Array(signature))}`;
}

/** Generates an RSA key pair as PEM (PKCS#8 private, SPKI public), for tests and trying the flow out. */
export async function generateKeyPairPem(
	subtle: SubtleCrypto = crypto.subtle
): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
	const pair = await subtle.generateKey(
		{ ...RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
		true,
		['sign', 'verify']
	);
	const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey));
	const spki = new Uint8Array(await subtle.exportKey('spki', pair.publicKey));
	return { privateKeyPem: toPem('PRIVATE KEY', pkcs8), publicKeyPem: toPem('PUBLIC KEY', spki) };
}

function toPem(label: string, der: Uint8Array): string {
	const base64 = toBase64(der);
	return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g)?.join('\n')}\n-----END ${label}-----\n`;
}

function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
	return bytes;
}

function base64Url(bytes: Uint8Array): string {
	return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlText(text: string): string {
	return base64Url(new TextEncoder().encode(text));
}
