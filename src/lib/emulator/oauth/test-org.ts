/**
 * A small emulated org for the OAuth endpoints' own tests: three users, three connected apps and a
 * movable clock. The full emulator (`createEmulator`) builds the same context from its generated data.
 */
import { withCors } from '../cors';
import { createSessionStore } from '../sessions';
import type { ConnectedApp, EmulatorContext, EmulatorUserIdentity, OAuthHandler } from '../types';
import { handleOAuth } from './index';

/** Base URL of the test org (its My Domain). */
export const TEST_ORG_URL = 'https://acme.my.salesforce.com';
/** Callback registered for the public PKCE app. */
export const TEST_CALLBACK = 'https://app.example/auth/callback';

const user = (id: string, username: string, isActive = true): EmulatorUserIdentity => ({
	id,
	username,
	email: username,
	name: username.split('@')[0],
	firstName: null,
	lastName: username.split('@')[0],
	isActive,
	locale: 'en_US',
	timeZone: 'Europe/Paris',
	userType: 'Standard'
});

/** Users of the test org. */
export const TEST_USERS = {
	admin: user('005000000000001AAA', 'admin@acme.test'),
	integration: user('005000000000002AAA', 'integration@acme.test'),
	former: user('005000000000003AAA', 'former@acme.test', false)
};

/** Connected apps of the test org: a public PKCE app, a confidential app, a JWT app. */
export function testApps(certificatePem?: string): ConnectedApp[] {
	return [
		{
			clientId: 'pkce-app',
			callbackUrls: [TEST_CALLBACK],
			requirePkce: true,
			rotateRefreshTokens: true,
			scopes: ['api', 'refresh_token', 'openid']
		},
		{
			clientId: 'server-app',
			clientSecret: 'server-secret',
			callbackUrls: [TEST_CALLBACK],
			requirePkce: false,
			rotateRefreshTokens: false,
			runAsUsername: TEST_USERS.integration.username,
			scopes: ['api', 'refresh_token']
		},
		{
			clientId: 'jwt-app',
			callbackUrls: [TEST_CALLBACK],
			requirePkce: false,
			rotateRefreshTokens: false,
			certificatePem,
			scopes: ['api']
		}
	];
}

/** A test org: its context, a clock to move, and `handle` answering like the emulator's router would. */
export function createTestOrg(
	overrides: Partial<EmulatorContext> = {},
	handler: OAuthHandler = handleOAuth
): { ctx: EmulatorContext; handle(request: Request): Promise<Response>; advance(ms: number): void } {
	let clock = Date.UTC(2026, 0, 5, 9, 0, 0);
	const now = () => clock;
	const orgId = '00D000000000001EAA';
	const users = Object.values(TEST_USERS);
	const policy = {
		instanceOrigin: TEST_ORG_URL,
		allowlist: ['https://app.example'],
		oauthCors: overrides.oauthCors ?? true,
		exposeHeaders: []
	};
	const ctx: EmulatorContext = {
		instanceUrl: TEST_ORG_URL,
		myDomainUrl: TEST_ORG_URL,
		orgId,
		now,
		sessions: createSessionStore({ orgId, now, lifetimeMs: 2 * 60 * 60 * 1000 }),
		connectedApps: testApps(),
		userPassword: 'correct horse',
		securityToken: 'TOKEN123',
		oauthCors: policy.oauthCors,
		corsAllowlist: policy.allowlist,
		allowPasswordFlow: false,
		latestApiVersion: '66.0',
		findUserByUsername: (username) => users.find((candidate) => candidate.username === username) ?? null,
		findUserById: (id) => users.find((candidate) => candidate.id === id) ?? null,
		withCors: (request, response, kind) => withCors(request, response, kind, policy),
		...overrides
	};
	return {
		ctx,
		async handle(request) {
			return (await handler(request, ctx)) ?? new Response('Not found', { status: 404 });
		},
		advance(ms) {
			clock += ms;
		}
	};
}
