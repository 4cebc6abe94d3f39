/** The options of an emulated org: what a test, the test server or the demo transport may set. */
import type { FaultRule } from './faults';
import type { OAuthOptions } from './oauth';
import type { ServerTimeModel } from './server-time';
import type { ConnectedApp } from './types';

/** How to build an emulated org. Every field has a default. */
export interface EmulatorOptions {
	/** Number of users; default 1,000. */
	users?: number;
	/** Seed of the generator; default 1. */
	seed?: number;
	/** LoginHistory rows per user; the generator's default when absent. */
	loginHistoryPerUser?: number;
	/** Base URL clients see; default https://demo.my.salesforce.com. */
	instanceUrl?: string;
	/** Delay added to every REST response; default 0. */
	latencyMs?: number;
	/** Served API versions, oldest first; older ones answer 410. Default 62.0–66.0. */
	apiVersions?: string[];
	/** Origins on the CORS allowlist; default the app's origin http://127.0.0.1:4173. */
	corsAllowlist?: string[];
	/** "Enable CORS for OAuth endpoints"; default true. */
	oauthCors?: boolean;
	/** Headers in Access-Control-Expose-Headers; default none (unconfirmed whether Salesforce sends any). */
	corsExposeHeaders?: string[];
	/** Session timeout; default 2 hours. */
	sessionLifetimeMs?: number;
	/** Daily API request allowance; default 100,000. */
	dailyApiLimit?: number;
	/** Time a query cursor lives without use; default 2 days. */
	cursorLifetimeMs?: number;
	/** Most open cursors kept (least recently used dropped first); default 50. A real org has no cap. */
	maxOpenCursors?: number;
	/** Build the next query page in the background after answering one; default true. */
	prefetchPages?: boolean;
	/**
	 * Bytes of serialized pages kept for queries that run again (same SOQL, same org version); default 0,
	 * off. Makes repeated benchmark runs measure the client, not the generator.
	 */
	pageCacheBytes?: number;
	/** Whether the username-password flow is allowed; default false. */
	allowPasswordFlow?: boolean;
	/** Connected apps; default a public PKCE app and a confidential app (see DEFAULT_CLIENT_ID). */
	connectedApps?: ConnectedApp[];
	/** Fixed access token of the admin user (tests); default a random one. */
	adminToken?: string;
	/** Password of every user; default "emulator-password". */
	userPassword?: string;
	/** Security token appended to the password for the password grant; default "EMULATORSECURITYTOKEN". */
	securityToken?: string;
	/** Epoch ms the clock starts at, also the org's "today"; default the real time (and the generator's fixed today). */
	now?: number;
	/** Fault rules active from the start. */
	faults?: FaultRule[];
	/** Time Salesforce works on each request (see server-time.ts); default none. */
	serverTime?: ServerTimeModel;
	/**
	 * How latency and server time are waited out; default a timer, which can fire up to a millisecond late
	 * (the HTTP server passes preciseSleep).
	 */
	sleep?: (ms: number) => Promise<void>;
	/** Most REST and Bulk requests in flight at once before 403 ConcurrentRequests; default 0, no cap. */
	maxConcurrentRequests?: number;
	/** Time a Bulk query job stays UploadComplete; default 0. */
	bulkQueueMs?: number;
	/** Bulk processing time per 1000 rows (InProgress); default 0. */
	bulkMsPer1000Rows?: number;
	/** Records per Bulk result page listed by `/resultPages`; default 10,000. */
	bulkPageRecords?: number;
	/**
	 * Records of a Bulk `/results` page asked for without maxRecords (Salesforce picks it by size); default
	 * bulkPageRecords. Clients that read the Sforce-Locator chain without maxRecords get pages of this size.
	 */
	bulkResultsPageRecords?: number;
	/** Name of the next link of `/resultPages` (the docs spell it both ways); default nextRecordsUrl. */
	resultPagesNextLink?: 'nextRecordsUrl' | 'nextRecordUrl';
	/** OAuth server behaviour that differs between orgs (send `iss`, code_challenge_methods_supported…). */
	oauth?: Partial<OAuthOptions>;
}

/** The options with every default filled in. */
export type ResolvedEmulatorOptions = Required<
	Omit<EmulatorOptions, 'adminToken' | 'loginHistoryPerUser' | 'now' | 'oauth'>
> &
	Pick<EmulatorOptions, 'loginHistoryPerUser' | 'oauth'>;
