/**
 * Contracts between the parts of the Salesforce emulator: the HTTP router, the session store and the
 * OAuth endpoints. Every part is pure: it takes a standard `Request` and gives a standard `Response`.
 */

/** An access token the emulator issued, and who it speaks for. */
export interface EmulatorSession {
	accessToken: string;
	/** Refresh token that minted this session, if any. */
	refreshToken: string | null;
	userId: string;
	orgId: string;
	clientId: string;
	scope: string;
	issuedAt: number;
	expiresAt: number;
}

/** A refresh token and what it may mint. */
export interface EmulatorRefreshGrant {
	refreshToken: string;
	userId: string;
	clientId: string;
	scope: string;
	revoked: boolean;
}

/** Issues, looks up and revokes tokens. One per emulated org. */
export interface SessionStore {
	/** Mints an access token for a user (session lifetime from the config). */
	issue(input: {
		userId: string;
		clientId: string;
		scope: string;
		refreshToken?: string | null;
	}): EmulatorSession;
	/** The live session of an access token, or null when unknown, expired or revoked. */
	lookup(accessToken: string): EmulatorSession | null;
	/** Mints a refresh token. */
	issueRefresh(input: { userId: string; clientId: string; scope: string }): EmulatorRefreshGrant;
	/** The live grant of a refresh token, or null. */
	lookupRefresh(refreshToken: string): EmulatorRefreshGrant | null;
	/** Revokes an access token, or a refresh token and every access token it minted. Returns false when unknown. */
	revoke(token: string): boolean;
	/** Revokes every token (tests: "session expired everywhere"). */
	revokeAll(): void;
}

/** A connected app / external client app registered in the emulated org. */
export interface ConnectedApp {
	clientId: string;
	/** Absent for public clients (PKCE). */
	clientSecret?: string;
	callbackUrls: string[];
	requirePkce: boolean;
	/** Refresh token rotation: each refresh returns a new refresh token and kills the old one. */
	rotateRefreshTokens: boolean;
	/** PEM certificate (SPKI public key) used to verify JWT bearer assertions. */
	certificatePem?: string;
	/** Username the client-credentials flow runs as. */
	runAsUsername?: string;
	scopes: string[];
}

/** What the OAuth endpoints know about a user. */
export interface EmulatorUserIdentity {
	id: string;
	username: string;
	email: string | null;
	name: string;
	firstName: string | null;
	lastName: string;
	isActive: boolean;
	locale: string;
	timeZone: string;
	userType: string;
}

/** What OAuth and other routes receive from the router. */
export interface EmulatorContext {
	/** Base URL of the org as clients see it, e.g. http://127.0.0.1:8787 or https://demo.my.salesforce.com. */
	instanceUrl: string;
	/** The My Domain login host; equal to instanceUrl here. */
	myDomainUrl: string;
	orgId: string;
	/** Current time in epoch ms (a test clock may move it). */
	now(): number;
	sessions: SessionStore;
	connectedApps: ConnectedApp[];
	/** Password every emulated user signs in with (the security token is appended for the password grant). */
	userPassword: string;
	securityToken: string;
	/** Whether "Enable CORS for OAuth endpoints" is ticked. */
	oauthCors: boolean;
	/** Origins on the org's CORS allowlist. */
	corsAllowlist: string[];
	/** Whether the username-password flow is allowed (blocked by default in new orgs). */
	allowPasswordFlow: boolean;
	/** Newest API version the org serves, e.g. "66.0". */
	latestApiVersion: string;
	findUserByUsername(username: string): EmulatorUserIdentity | null;
	findUserById(id: string): EmulatorUserIdentity | null;
	/** Adds CORS headers when the request's origin is allowed for this kind of endpoint. */
	withCors(request: Request, response: Response, kind: 'api' | 'oauth' | 'open'): Response;
}

/** Handles OAuth, identity and discovery paths; null when the path is not one of them. */
export type OAuthHandler = (request: Request, ctx: EmulatorContext) => Promise<Response | null>;
