/**
 * The Salesforce emulator: a seeded org behind a `(request: Request) => Promise<Response>` handler, with
 * sessions, CORS, API limits, cursors, faults and a movable clock. Used in-process by unit tests, over
 * HTTP by tests/emulator-server.ts, and in the browser as the demo org (demo-transport.ts).
 */
import { withCors as applyCors, type CorsPolicy } from './cors';
import { createOrg, type Org, type UserRow } from './data';
import { createBulkJobStore, type BulkJobStore } from './bulk/jobs';
import { createFaultController, type FaultController } from './faults';
import { createHandler, type RequestHandler } from './handler';
import { createApiUsage, type ApiUsage } from './limits';
import { createOAuthHandler } from './oauth';
import { createPageCache, type PageCache } from './rest/page-cache';
import { createCursorStore, type CursorStore } from './rest/query-cursors';
import { DEFAULT_API_VERSIONS } from './rest/versions';
import { NO_SERVER_TIME, type ServerTimeModel } from './server-time';
import { createSessionStore, type EmulatorSessionStore } from './sessions';
import type { ConnectedApp, EmulatorContext, EmulatorUserIdentity } from './types';

/** The origin the app is served from in tests and previews; on the CORS allowlist by default. */
export const APP_ORIGIN = 'http://127.0.0.1:4173';
/** Instance URL of the demo org. */
export const DEMO_INSTANCE_URL = 'https://demo.my.salesforce.com';
/** Consumer key of the default public (PKCE) connected app. */
export const DEFAULT_CLIENT_ID = '3MVG9EmulatorPublicClientAppConsumerKey';
/** Consumer key and secret of the default confidential connected app (client credentials, password, JWT). */
export const DEFAULT_CONFIDENTIAL_CLIENT_ID = '3MVG9EmulatorConfidentialClientAppConsumerKey';
export const DEFAULT_CONFIDENTIAL_CLIENT_SECRET = 'EMULATOR-CLIENT-SECRET-0123456789';

export type { EmulatorOptions, ResolvedEmulatorOptions } from './options';
import type { EmulatorOptions, ResolvedEmulatorOptions } from './options';

/** The emulator's clock: real time shifted by an offset that tests may move. */
export interface EmulatorClock {
	now(): number;
	/** Makes now() return `ms` at this instant (time then runs on from there). */
	set(ms: number): void;
	advance(ms: number): void;
}

/** A running emulated org. */
export interface Emulator {
	handle: RequestHandler;
	org: Org;
	ctx: EmulatorContext;
	sessions: EmulatorSessionStore;
	cursors: CursorStore;
	/** Bulk API 2.0 query jobs. */
	bulkJobs: BulkJobStore;
	/** Null when the page cache is off. */
	pageCache: PageCache | null;
	usage: ApiUsage;
	faults: FaultController;
	options: ResolvedEmulatorOptions;
	clock: EmulatorClock;
	/** Access token of the org's admin user, ready to use. */
	adminToken: string;
	/** Same as clock.set. */
	setNow(ms: number): void;
	/** Changes the server time of the requests that come next. */
	setServerTime(model: ServerTimeModel): void;
	/** Mints an access token for a user (default the admin) of the default connected app. */
	issueToken(userId?: string): string;
	/** Clears faults, cursors, Bulk jobs, cached pages and API usage; the admin token is live again. */
	reset(): void;
}

/** The default connected apps: a public PKCE client and a confidential one, both calling back to the app. */
export function defaultConnectedApps(adminUsername: string, callbackOrigins: string[]): ConnectedApp[] {
	const callbackUrls = callbackOrigins.flatMap((origin) => [
		`${origin}/auth/callback`,
		`${origin}/oauth/callback`,
		`${origin}/callback`
	]);
	return [
		{
			clientId: DEFAULT_CLIENT_ID,
			callbackUrls,
			requirePkce: true,
			rotateRefreshTokens: false,
			scopes: ['api', 'refresh_token', 'openid', 'id', 'profile', 'email']
		},
		{
			clientId: DEFAULT_CONFIDENTIAL_CLIENT_ID,
			clientSecret: DEFAULT_CONFIDENTIAL_CLIENT_SECRET,
			callbackUrls,
			requirePkce: false,
			rotateRefreshTokens: false,
			runAsUsername: adminUsername,
			scopes: ['api', 'refresh_token', 'openid', 'id', 'profile', 'email']
		}
	];
}

function identityOf(user: UserRow): EmulatorUserIdentity {
	return {
		id: user.Id,
		username: user.Username,
		email: user.Email ?? null,
		name: user.Name,
		firstName: user.FirstName ?? null,
		lastName: user.LastName,
		isActive: user.IsActive,
		locale: user.LocaleSidKey,
		timeZone: user.TimeZoneSidKey,
		userType: user.UserType
	};
}

function createClock(start: number | undefined): EmulatorClock {
	let offset = start === undefined ? 0 : start - Date.now();
	return {
		now: () => Date.now() + offset,
		set(ms) {
			offset = ms - Date.now();
		},
		advance(ms) {
			offset += ms;
		}
	};
}

/** Creates an emulated org and its handler. */
export function createEmulator(input: EmulatorOptions = {}): Emulator {
	const clock = createClock(input.now);
	const users = input.users ?? 1000;
	const seed = input.seed ?? 1;
	const org = createOrg({ users, seed, loginHistoryPerUser: input.loginHistoryPerUser, today: input.now });
	const corsAllowlist = input.corsAllowlist ?? [APP_ORIGIN];
	const options: ResolvedEmulatorOptions = {
		users,
		seed,
		loginHistoryPerUser: input.loginHistoryPerUser,
		instanceUrl: (input.instanceUrl ?? DEMO_INSTANCE_URL).replace(/\/+$/, ''),
		latencyMs: input.latencyMs ?? 0,
		apiVersions: [...(input.apiVersions ?? DEFAULT_API_VERSIONS)].sort((a, b) => Number(a) - Number(b)),
		corsAllowlist,
		oauthCors: input.oauthCors ?? true,
		corsExposeHeaders: input.corsExposeHeaders ?? [],
		sessionLifetimeMs: input.sessionLifetimeMs ?? 2 * 3_600_000,
		dailyApiLimit: input.dailyApiLimit ?? 100_000,
		cursorLifetimeMs: input.cursorLifetimeMs ?? 2 * 86_400_000,
		maxOpenCursors: input.maxOpenCursors ?? 50,
		prefetchPages: input.prefetchPages ?? true,
		pageCacheBytes: input.pageCacheBytes ?? 0,
		allowPasswordFlow: input.allowPasswordFlow ?? false,
		connectedApps: input.connectedApps ?? defaultConnectedApps(org.adminUser.Username, corsAllowlist),
		userPassword: input.userPassword ?? 'emulator-password',
		securityToken: input.securityToken ?? 'EMULATORSECURITYTOKEN',
		faults: input.faults ?? [],
		serverTime: { ...(input.serverTime ?? NO_SERVER_TIME) },
		maxConcurrentRequests: input.maxConcurrentRequests ?? 0,
		bulkQueueMs: input.bulkQueueMs ?? 0,
		bulkMsPer1000Rows: input.bulkMsPer1000Rows ?? 0,
		bulkPageRecords: input.bulkPageRecords ?? 10_000,
		bulkResultsPageRecords: input.bulkResultsPageRecords ?? input.bulkPageRecords ?? 10_000,
		resultPagesNextLink: input.resultPagesNextLink ?? 'nextRecordsUrl',
		sleep: input.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
		oauth: input.oauth
	};
	const now = () => clock.now();
	const sessions = createSessionStore({ orgId: org.orgId, now, lifetimeMs: options.sessionLifetimeMs });
	const cursors = createCursorStore({
		now,
		lifetimeMs: options.cursorLifetimeMs,
		maxOpen: options.maxOpenCursors
	});
	const pageCache = options.pageCacheBytes > 0 ? createPageCache(options.pageCacheBytes) : null;
	const bulkJobs = createBulkJobStore({
		org,
		now,
		timing: {
			queueMs: options.bulkQueueMs,
			msPer1000Rows: options.bulkMsPer1000Rows,
			pageRecords: options.bulkPageRecords,
			resultsPageRecords: options.bulkResultsPageRecords
		},
		cacheBytes: options.pageCacheBytes
	});
	const usage = createApiUsage({ max: options.dailyApiLimit, now });
	const faults = createFaultController();
	faults.add(...options.faults);
	const cors: CorsPolicy = {
		instanceOrigin: new URL(options.instanceUrl).origin,
		allowlist: options.corsAllowlist,
		oauthCors: options.oauthCors,
		exposeHeaders: options.corsExposeHeaders
	};
	const versions = options.apiVersions;
	const ctx: EmulatorContext = {
		instanceUrl: options.instanceUrl,
		myDomainUrl: options.instanceUrl,
		orgId: org.orgId,
		now,
		sessions,
		connectedApps: options.connectedApps,
		userPassword: options.userPassword,
		securityToken: options.securityToken,
		oauthCors: options.oauthCors,
		corsAllowlist: options.corsAllowlist,
		allowPasswordFlow: options.allowPasswordFlow,
		latestApiVersion: versions[versions.length - 1],
		findUserByUsername(username) {
			const user = org.userByUsername(username);
			return user ? identityOf(user) : null;
		},
		findUserById(id) {
			const user = org.userById(id);
			return user ? identityOf(user) : null;
		},
		withCors: (request, response, kind) => applyCors(request, response, kind, cors)
	};
	const handle = createHandler({
		org,
		ctx,
		sessions,
		cursors,
		pageCache,
		usage,
		faults,
		cors,
		apiVersions: versions,
		latencyMs: options.latencyMs,
		prefetch: options.prefetchPages,
		oauth: createOAuthHandler(options.oauth),
		serverTime: options.serverTime,
		sleep: options.sleep,
		maxConcurrentRequests: options.maxConcurrentRequests,
		bulkJobs,
		resultPagesNextLink: options.resultPagesNextLink
	});

	const issueToken = (userId = org.adminUser.Id, accessToken?: string) =>
		sessions.issue({ userId, clientId: DEFAULT_CLIENT_ID, scope: 'api refresh_token', accessToken })
			.accessToken;
	const adminToken = issueToken(org.adminUser.Id, input.adminToken);

	return {
		handle,
		org,
		ctx,
		sessions,
		cursors,
		bulkJobs,
		pageCache,
		usage,
		faults,
		options,
		clock,
		adminToken,
		setNow: (ms) => clock.set(ms),
		setServerTime: (model) => void Object.assign(options.serverTime, model),
		issueToken: (userId) => issueToken(userId),
		reset() {
			faults.clear();
			cursors.clear();
			bulkJobs.clear();
			pageCache?.clear();
			usage.reset();
			if (!sessions.lookup(adminToken)) issueToken(org.adminUser.Id, adminToken);
		}
	};
}
