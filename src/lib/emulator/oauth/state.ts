/**
 * What the OAuth endpoints of one emulated org remember between requests: pending authorization codes
 * and the key pair its ID tokens are signed with. Kept per session store, so it lives as long as the org.
 */
import type { EmulatorContext, SessionStore } from '../types';
import { base64UrlEncode, generateSigningKeyPair } from './jose';

/** An authorization code waiting to be exchanged. */
export interface PendingCode {
	clientId: string;
	redirectUri: string;
	codeChallenge: string | null;
	userId: string;
	scope: string;
	nonce: string | null;
	expiresAt: number;
}

/** Behaviour of the emulated OAuth server where Salesforce's is unconfirmed or configurable. */
export interface OAuthOptions {
	/** Add `iss` to authorization responses and say so in discovery. */
	sendIssuer: boolean;
	/** `code_challenge_methods_supported` in discovery; null leaves the field out. */
	codeChallengeMethods: string[] | null;
	/** Error code for a code_verifier that does not match the challenge. */
	wrongVerifierError: 'invalid_request' | 'invalid_grant';
	/** How long an authorization code may wait before it is exchanged. */
	codeLifetimeMs: number;
}

/** The defaults: what Salesforce is documented to do. */
export const DEFAULT_OAUTH_OPTIONS: OAuthOptions = {
	sendIssuer: false,
	codeChallengeMethods: null,
	wrongVerifierError: 'invalid_request',
	codeLifetimeMs: 10 * 60 * 1000
};

/** The per-org state of the OAuth endpoints. */
export interface OAuthOrgState {
	codes: Map<string, PendingCode>;
	signingKey: Promise<{ keyPair: CryptoKeyPair; kid: string }>;
}

const states = new WeakMap<SessionStore, OAuthOrgState>();

/** The OAuth state of the context's org, created on first use. */
export function orgState(ctx: EmulatorContext): OAuthOrgState {
	let state = states.get(ctx.sessions);
	if (!state) {
		state = { codes: new Map(), signingKey: createSigningKey() };
		states.set(ctx.sessions, state);
	}
	return state;
}

async function createSigningKey(): Promise<{ keyPair: CryptoKeyPair; kid: string }> {
	const keyPair = await generateSigningKeyPair();
	return { keyPair, kid: randomText(8) };
}

/** Stores a new authorization code, dropping expired ones, and returns it. */
export function storeCode(ctx: EmulatorContext, pending: PendingCode): string {
	const { codes } = orgState(ctx);
	const now = ctx.now();
	for (const [code, entry] of codes) if (entry.expiresAt <= now) codes.delete(code);
	const code = `aPrx${randomText(48)}`;
	codes.set(code, pending);
	return code;
}

/** Takes an authorization code out (codes are single use); null when unknown or expired. */
export function takeCode(ctx: EmulatorContext, code: string): PendingCode | null {
	const { codes } = orgState(ctx);
	const pending = codes.get(code);
	if (!pending) return null;
	codes.delete(code);
	return pending.expiresAt > ctx.now() ? pending : null;
}

/** Random base64url text of about `length` characters. */
export function randomText(length: number): string {
	const bytes = new Uint8Array(Math.ceil((length * 3) / 4));
	crypto.getRandomValues(bytes);
	return base64UrlEncode(bytes).slice(0, length);
}
