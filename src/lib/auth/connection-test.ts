/**
 * "Run test" for a signed-in credential: identity, the version list, limits and describe User, each with
 * its status and time, and diagnoses a person can act on when the answers are opaque (Q9, Q18).
 */
import { appError, type AppError } from '../core/errors';
import { parseApiUsage, parseErrorBody, type ApiUsage } from '../core/salesforce/errors';
import {
	buildDescribeRequest,
	buildLimitsRequest,
	buildUserInfoRequest,
	buildVersionsRequest,
	toFetchRequest,
	type SalesforceRequest
} from '../core/salesforce/requests';
import { processLimits, processUserInfo, processVersions } from '../core/salesforce/responses';
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
	const now = input.now ?? (() => performance.now());
	const call = (name: ConnectionStep['name'], request: SalesforceRequest) =>
		timedCall({ ...input, now }, name, request);

	const identityCall = await call('identity', buildUserInfoRequest(input.instanceUrl));
	const versionsCall = await call('versions', buildVersionsRequest(input.instanceUrl));
	const availableVersions = (readWith(processVersions, versionsCall.body) ?? [])
		.map((entry) => entry.version)
		.sort((a, b) => Number(a) - Number(b));
	const apiVersion = input.apiVersion ?? availableVersions[availableVersions.length - 1] ?? null;
	const steps = [identityCall.step, versionsCall.step];
	const diagnoses: AppError[] = [];
	if (apiVersion && availableVersions.length > 0 && !availableVersions.includes(apiVersion)) {
		diagnoses.push(wrongVersion(apiVersion, availableVersions));
	}
	let apiUsage: ApiUsage | null = null;
	if (apiVersion) {
		const location = { instanceUrl: input.instanceUrl, apiVersion };
		const limitsCall = await call('limits', buildLimitsRequest(location));
		const describeCall = await call('describe', buildDescribeRequest(location, 'User'));
		steps.push(limitsCall.step, describeCall.step);
		apiUsage = readUsage(limitsCall.body) ?? limitsCall.headerUsage;
		for (const step of [limitsCall.step, describeCall.step]) {
			if (step.status === 404 || step.status === 410)
				step.error = wrongVersion(apiVersion, availableVersions);
		}
	}
	for (const step of steps) if (step.error) diagnoses.push(step.error);
	const identity = readWith(processUserInfo, identityCall.body);
	return {
		ok: steps.every((step) => step.ok) && diagnoses.length === 0,
		steps,
		identity: identity && {
			orgId: identity.organizationId,
			userId: identity.userId,
			username: identity.username,
			name: identity.name,
			email: identity.email
		},
		apiVersion,
		availableVersions,
		apiUsage,
		diagnoses: distinct(diagnoses)
	};
}

async function timedCall(
	input: { fetch: FetchLike; accessToken: string; now: () => number; appOrigin?: string },
	name: ConnectionStep['name'],
	request: SalesforceRequest
): Promise<{ step: ConnectionStep; body: unknown; headerUsage: ApiUsage | null }> {
	const { now, appOrigin } = input;
	const url = request.url;
	const started = now();
	let response: Response;
	try {
		response = await input.fetch(toFetchRequest(request, input.accessToken));
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
	return {
		step: { name, url, status: response.status, elapsedMs, ok: error === null, error },
		body,
		headerUsage: parseApiUsage(response.headers.get('sforce-limit-info'))
	};
}

/** A processed body, or null when it is not in the expected shape (the test reports what it can). */
function readWith<T>(process: (body: unknown) => T, body: unknown): T | null {
	try {
		return process(body);
	} catch {
		return null;
	}
}

/** The diagnosis for a refused call (Q18): the browser hides CORS refusals behind a TypeError. */
function corsOrNetwork(url: string, appOrigin?: string): AppError {
	const origin = new URL(url).origin;
	return appError(
		'CORS_OR_NETWORK',
		`The browser got no readable answer from ${origin}. Most likely this app’s origin${appOrigin ? ` (${appOrigin})` : ''} ` +
			'is not on the org’s CORS allowlist: in Setup → CORS, add it to the Allowed Origins List. If it is listed, check the network.',
		{ retryable: true }
	);
}

/** The diagnosis for a non-2xx status of the connection test's calls. */
function diagnoseStatus(status: number, bodyText: string): AppError {
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

function readUsage(body: unknown): ApiUsage | null {
	const daily = readWith(processLimits, body)?.DailyApiRequests as
		{ Max?: unknown; Remaining?: unknown } | undefined;
	if (typeof daily?.Max !== 'number' || typeof daily.Remaining !== 'number') return null;
	return { used: daily.Max - daily.Remaining, max: daily.Max };
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
