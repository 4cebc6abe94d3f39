/**
 * Shared set-up of the OAuth endpoint specs: PKCE parameters, form posts, sign-in and code exchange on
 * the test org, and PEM and certificate builders for the JWT bearer keys.
 */
import { expect } from 'vitest';
import { base64UrlEncode, sha256 } from './jose';
import { createTestOrg, TEST_CALLBACK, TEST_ORG_URL, TEST_USERS } from './test-org';

/** The PKCE code verifier of the test sign-ins. */
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-extra-length';

/** The S256 PKCE challenge of a verifier. */
export async function challengeOf(verifier: string): Promise<string> {
	return base64UrlEncode(await sha256(verifier));
}

/** A form POST to an OAuth endpoint. */
export function post(
	url: string,
	fields: Record<string, string>,
	headers: Record<string, string> = {}
): Request {
	return new Request(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(fields)
	});
}

/** The authorize parameters of the public PKCE app, with `extra` on top. */
export async function authorizeParams(extra: Record<string, string> = {}): Promise<Record<string, string>> {
	return {
		response_type: 'code',
		client_id: 'pkce-app',
		redirect_uri: TEST_CALLBACK,
		state: 'state-1',
		scope: 'api refresh_token',
		code_challenge: await challengeOf(VERIFIER),
		code_challenge_method: 'S256',
		...extra
	};
}

/** Signs in on the authorize form and returns the redirect location. */
export async function signIn(
	org: ReturnType<typeof createTestOrg>,
	extra: Record<string, string> = {}
): Promise<URL> {
	const response = await org.handle(
		post(`${TEST_ORG_URL}/services/oauth2/authorize`, {
			...(await authorizeParams(extra)),
			username: TEST_USERS.admin.username,
			password: 'correct horse',
			decision: 'allow'
		})
	);
	expect(response.status).toBe(302);
	return new URL(response.headers.get('location') ?? '');
}

/** Exchanges an authorization code at the token endpoint; the status and JSON body. */
export async function exchange(
	org: ReturnType<typeof createTestOrg>,
	code: string,
	extra: Record<string, string> = {}
) {
	const response = await org.handle(
		post(`${TEST_ORG_URL}/services/oauth2/token`, {
			grant_type: 'authorization_code',
			code,
			client_id: 'pkce-app',
			redirect_uri: TEST_CALLBACK,
			code_verifier: VERIFIER,
			...extra
		})
	);
	return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** Wraps DER bytes in a PEM block with `label`. */
export function toPem(label: string, der: Uint8Array): string {
	const base64 = base64UrlEncode(der).replace(/-/g, '+').replace(/_/g, '/');
	const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
	return `-----BEGIN ${label}-----\n${padded.match(/.{1,64}/g)?.join('\n')}\n-----END ${label}-----\n`;
}

/** A DER tag-length-value of the parts. */
function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
	const length = parts.reduce((sum, part) => sum + part.length, 0);
	const header =
		length < 128
			? [tag, length]
			: length < 256
				? [tag, 0x81, length]
				: [tag, 0x82, length >> 8, length & 0xff];
	const out = new Uint8Array(header.length + length);
	out.set(header);
	let offset = header.length;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

/** A structurally valid X.509 certificate around a public key (its own signature is not checked). */
export function fakeCertificate(spki: Uint8Array): Uint8Array {
	const algorithm = tlv(
		0x30,
		tlv(0x06, new Uint8Array([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]))
	);
	const name = tlv(
		0x30,
		tlv(
			0x31,
			tlv(0x30, tlv(0x06, new Uint8Array([0x55, 0x04, 0x03])), tlv(0x0c, new TextEncoder().encode('jwt')))
		)
	);
	const validity = tlv(
		0x30,
		tlv(0x17, new TextEncoder().encode('260101000000Z')),
		tlv(0x17, new TextEncoder().encode('360101000000Z'))
	);
	const tbs = tlv(
		0x30,
		tlv(0xa0, tlv(0x02, new Uint8Array([2]))),
		tlv(0x02, new Uint8Array([1])),
		algorithm,
		name,
		validity,
		name,
		spki
	);
	return tlv(0x30, tbs, algorithm, tlv(0x03, new Uint8Array([0, 1, 2, 3])));
}
