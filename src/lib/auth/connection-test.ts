/**
 * "Run test" for a signed-in credential: identity, the version list, limits and describe User, each with
 * its status and time, and diagnoses a person can act on when the answers are opaque (Q9, Q18).
 */
import { appError, type AppError } from '../core/errors';
import { parseErrorBody, type ApiUsage } from '../core/salesforce/errors';
import type { FetchLike } from './server';

/** One call of the connection test. */
export interface ConnectionStep {
	name: 'identity' | 'versions' | 'limits' | 'describe';
	url: string;
	/** HTTP status; null when the browser got no answer it may read. */
	status: number | null;
	elapsedMs: number;
	ok: boolean;
	error: AppError | null;
}

/** Who and where the credential is. */
export interface ConnectionIdentity {
	orgId: string | null;
	userId: string | null;
	username: string | null;
	name: string | null;
	email: string | null;
}

/** What the test found. */
export interface ConnectionReport {
	ok: boolean;
	steps: ConnectionStep[];
	identity: ConnectionIdentity | null;
	/** Version used for the versioned calls (the requested one, or the newest the org lists). */
	apiVersion: string | null;
	availableVersions: string[];
	apiUsage: ApiUsage | null;
	/** One entry per distinct cause, most actionable first. */
	diagnoses: AppError[];
}

/** Runs the connection test against an instance with an access token. */
export async function testConnection(input: {
	fetch: FetchLike;
	instanceUrl: string;
	accessToken: string;
	apiVersion?: string | null;
	/** Origin this app runs on, named in the CORS advice. */
	appOrigin?: string;
	now?: () => number;
}): Promise<ConnectionReport> {
	const base = input.instanceUrl.replace(/\/+$/, '');
	const now = input.now ?? (() => performance.now());
	const auth = { Authorization: `Bearer ${input.accessToken}` };
	const call = (name: ConnectionStep['name'], path: string, headers: Record<string, string>) =>
		timedCall(input.fetch, name, `${base}${path}`, headers, now, input.appOrigin);

	const identityCall = await call('identity', '/services/oauth2/userinfo', auth);
	const versionsCall = await call('versions', '/services/data/', {});
	const availableVersions = readVersions(versionsCall.body);
	const apiVersion = input.apiVersion ?? availableVersions[availableVersions.length - 1] ?? null;
	const steps = [identityCall.step, versionsCall.step];
	const diagnoses: AppError[] = [];
	if (apiVersion && availableVersions.length > 0 && !availableVersions.includes(apiVersion)) {
		diagnoses.push(wrongVersion(apiVersion, availableVersions));
	}
	let apiUsage: ApiUsage | null = null;
	if (apiVersion) {
		const limitsCall = await call('limits', `/services/data/v${apiVersion}/limits`, auth);
		const describeCall = await call('describe', `/services/data/v${apiVersion}/sobjects/User/describe`, auth);
		steps.push(limitsCall.step, describeCall.step);
		apiUsage = readUsage(limitsCall.body) ?? limitsCall.headerUsage;
		for (const step of [limitsCall.step, describeCall.step]) {
			if (step.status === 404 || step.status === 410)
				step.error = wrongVersion(apiVersion, availableVersions);
		}
	}
	for (const step of steps) if (step.error) diagnoses.push(step.error);
	return {
		ok: steps.every((step) => step.ok) && diagnoses.length === 0,
		steps,
		identity: readIdentity(identityCall.body),
		apiVersion,
		availableVersions,
		apiUsage,
		diagnoses: distinct(diagnoses)
	};
}

async function timedCall(
	fetch: FetchLike,
	name: ConnectionStep['name'],
	url: string,
	headers: Record<string, string>,
	now: () => number,
	appOrigin: string | undefined
): Promise<{ step: ConnectionStep; body: unknown; headerUsage: ApiUsage | null }> {
	const started = now();
	let response: Response;
	try {
		response = await fetch(new Request(url, { headers: { Accept: 'application/json', ...headers } }));
	} catch (thrown) {
		const error =
			thrown instanceof TypeError
				? corsOrNetwork(url, appOrigin)
				: appError('NETWORK', String(thrown), { retryable: true });
		return {
			step: { name, url, status: null, elapsedMs: now() - started, ok: false, error },
			body: null,
			headerUsage: null
		};
	}
	const text = await response.text().catch(() => '');
	const elapsedMs = now() - started;
	let body: unknown = null;
	try {
		body = JSON.parse(text);
	} catch {
		body = null;
	}
	const error = response.ok
		? body === null
			? appError('BAD_RESPONSE', `${name}: the answer is not JSON.`, { status: response.status })
			: null
		: diagnoseStatus(response.status, text);
	const usage = /api-usage=(\d+)\/(\d+)/i.exec(response.headers.get('sforce-limit-info') ?? '');
	return {
		step: { name, url, status: response.status, elapsedMs, ok: error === null, error },
		body,
		headerUsage: usage ? { used: Number(usage[1]), max: Number(usage[2]) } : null
	};
}

/** The diagnosis for a refused call (Q18): the browser hides CORS refusals behind a TypeError. */
export function corsOrNetwork(url: string, appOrigin?: string): AppError {
	const origin = new URL(url).origin;
	return appError(
		'CORS_OR_NETWORK',
		`The browser got no readable answer from ${origin}. Most likely this app’s origin${appOrigin ? ` (${appOrigin})` : ''} ` +
			'is not on the org’s CORS allowlist: in Setup → CORS, add it to the Allowed Origins List. If it is listed, check the network.',
		{ retryable: true }
	);
}

/** The diagnosis for a non-2xx status of the connection test's calls. */
export function diagnoseStatus(status: number, bodyText: string): AppError {
	const entry = parseErrorBody(bodyText)?.[0];
	const code = entry?.errorCode;
	if (status === 401 || bodyText.trim() === 'Bad_OAuth_Token' || code === 'INVALID_SESSION_ID') {
		return appError(
			'SF_INVALID_SESSION',
			'The session is no longer valid (expired or revoked). Sign in again.',
			{ status }
		);
	}
	if (code === 'API_DISABLED_FOR_ORG') {
		return appError(
			'SF_API_DISABLED',
			'The REST API is not enabled for this org or user: the edition must include API access and the user’s profile or a permission set must grant “API Enabled”.',
			{ status }
		);
	}
	if (code === 'REQUEST_LIMIT_EXCEEDED') {
		return appError(
			'SF_REQUEST_LIMIT',
			'The org has used up its daily API requests; try again when the 24-hour window moves on.',
			{
				status
			}
		);
	}
	if (status >= 500)
		return appError('HTTP_5XX', `Salesforce answered ${status}; it may be in maintenance. Try again later.`, {
			status,
			retryable: true
		});
	return appError('HTTP_ERROR', entry ? `${code}: ${entry.message}` : `Salesforce answered HTTP ${status}.`, {
		status,
		detail: entry ?? null
	});
}

function wrongVersion(apiVersion: string, available: string[]): AppError {
	const newest = available[available.length - 1];
	return appError(
		'SF_VERSION_RETIRED',
		`API version ${apiVersion} is not served by this org${newest ? `; the newest it serves is ${newest}` : ''}. Pick another version.`,
		{ field: 'apiVersion' }
	);
}

function readVersions(body: unknown): string[] {
	if (!Array.isArray(body)) return [];
	return body
		.map((item) =>
			typeof item === 'object' && item !== null ? (item as { version?: unknown }).version : null
		)
		.filter((version): version is string => typeof version === 'string')
		.sort((a, b) => Number(a) - Number(b));
}

function readUsage(body: unknown): ApiUsage | null {
	const daily = (body as { DailyApiRequests?: { Max?: unknown; Remaining?: unknown } } | null)
		?.DailyApiRequests;
	if (typeof daily?.Max !== 'number' || typeof daily.Remaining !== 'number') return null;
	return { used: daily.Max - daily.Remaining, max: daily.Max };
}

function readIdentity(body: unknown): ConnectionIdentity | null {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
	const info = body as Record<string, unknown>;
	const text = (value: unknown) => (typeof value === 'string' ? value : null);
	return {
		orgId: text(info.organization_id),
		userId: text(info.user_id),
		username: text(info.preferred_username),
		name: text(info.name),
		email: text(info.email)
	};
}

function distinct(errors: AppError[]): AppError[] {
	const seen = new Set<string>();
	return errors.filter((error) => {
		const key = `${error.code}:${error.message}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
