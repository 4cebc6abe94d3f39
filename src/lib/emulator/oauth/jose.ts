/**
 * The small slice of JOSE the emulated org needs: base64url, PEM reading (SPKI or X.509 certificate),
 * RS256 signatures with WebCrypto.
 */

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** Encodes bytes as base64url without padding. */
export function base64UrlEncode(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url (or plain base64) text; throws on anything else. */
export function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> {
	const normal = text.replace(/-/g, '+').replace(/_/g, '/');
	const binary = atob(normal + '='.repeat((4 - (normal.length % 4)) % 4));
	const bytes = new Uint8Array(binary.length);
	for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
	return bytes;
}

/** Encodes text as UTF-8 and then base64url. */
export function base64UrlText(text: string): string {
	return base64UrlEncode(new TextEncoder().encode(text));
}

/** The DER bytes and label of the first PEM block in the text. */
export function readPem(pem: string): { label: string; der: Uint8Array<ArrayBuffer> } {
	const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
	if (!match) throw new Error('not a PEM block');
	return { label: match[1], der: base64UrlDecode(match[2].replace(/\s+/g, '')) };
}

/** One DER element: where its content starts and ends. */
interface DerElement {
	tag: number;
	start: number;
	contentStart: number;
	end: number;
}

function readDerElement(der: Uint8Array, offset: number): DerElement {
	const tag = der[offset];
	let length = der[offset + 1];
	let contentStart = offset + 2;
	if (length & 0x80) {
		const lengthBytes = length & 0x7f;
		if (lengthBytes < 1 || lengthBytes > 4) throw new Error('unsupported DER length');
		length = 0;
		for (let index = 0; index < lengthBytes; index++) length = length * 256 + der[contentStart + index];
		contentStart += lengthBytes;
	}
	const end = contentStart + length;
	if (tag === undefined || end > der.length) throw new Error('truncated DER');
	return { tag, start: offset, contentStart, end };
}

/** The SubjectPublicKeyInfo inside an X.509 certificate (Certificate → tbsCertificate → 7th field). */
export function spkiFromCertificate(der: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
	const certificate = readDerElement(der, 0);
	const tbs = readDerElement(der, certificate.contentStart);
	let cursor = tbs.contentStart;
	let field = readDerElement(der, cursor);
	if (field.tag === 0xa0) {
		cursor = field.end;
		field = readDerElement(der, cursor);
	}
	// serialNumber, signature, issuer, validity, subject, then subjectPublicKeyInfo
	for (let skipped = 0; skipped < 5; skipped++) {
		cursor = field.end;
		field = readDerElement(der, cursor);
	}
	if (field.tag !== 0x30) throw new Error('certificate has no public key info');
	return der.slice(field.start, field.end);
}

/** Imports an RSA public key for RS256 verification from a SPKI PEM or a certificate PEM. */
export async function importVerificationKey(pem: string): Promise<CryptoKey> {
	const { label, der } = readPem(pem);
	const spki = label === 'CERTIFICATE' ? spkiFromCertificate(der) : der;
	return crypto.subtle.importKey('spki', spki, RS256, false, ['verify']);
}

/** A decoded compact JWS, not yet verified. */
export interface DecodedJwt {
	header: Record<string, unknown>;
	claims: Record<string, unknown>;
	signingInput: Uint8Array<ArrayBuffer>;
	signature: Uint8Array<ArrayBuffer>;
}

/** Splits and decodes a compact JWS; null when it is not one. */
export function decodeJwt(token: string): DecodedJwt | null {
	const parts = token.split('.');
	if (parts.length !== 3) return null;
	try {
		const decoder = new TextDecoder();
		const header: unknown = JSON.parse(decoder.decode(base64UrlDecode(parts[0])));
		const claims: unknown = JSON.parse(decoder.decode(base64UrlDecode(parts[1])));
		if (!isRecord(header) || !isRecord(claims)) return null;
		return {
			header,
			claims,
			signingInput: new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
			signature: base64UrlDecode(parts[2])
		};
	} catch {
		return null;
	}
}

/** Whether the RS256 signature of a decoded JWS verifies with the key. */
export async function verifyRs256(jwt: DecodedJwt, key: CryptoKey): Promise<boolean> {
	return crypto.subtle.verify(RS256, key, jwt.signature, jwt.signingInput);
}

/** Signs claims as a compact RS256 JWS. */
export async function signRs256(
	claims: Record<string, unknown>,
	key: CryptoKey,
	kid: string
): Promise<string> {
	const signingInput = `${base64UrlText(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }))}.${base64UrlText(
		JSON.stringify(claims)
	)}`;
	const signature = await crypto.subtle.sign(RS256, key, new TextEncoder().encode(signingInput));
	return `${signingInput}.${base64UrlEncode(new Uint8Array(signature))}`;
}

/** Generates the RSA key pair an org signs its ID tokens with. */
export async function generateSigningKeyPair(): Promise<CryptoKeyPair> {
	return crypto.subtle.generateKey(
		{ ...RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
		true,
		['sign', 'verify']
	);
}

/** SHA-256 digest of the UTF-8 bytes of text. */
export async function sha256(text: string): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** Whether a value is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
