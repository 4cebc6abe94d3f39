/**
 * Faults on demand: a test lists rules, each saying which requests it hits (by kind and by number) and
 * what goes wrong. Rules are plain data so the test server can take them as JSON.
 */

/** What goes wrong. */
export type Fault =
	/** Extra delay before answering; the request then goes on normally. */
	| { kind: 'latency'; ms: number }
	/**
	 * 401 INVALID_SESSION_ID. With `expireSessions`, every access token really ends (refresh tokens stay),
	 * so only a client that refreshes gets on; without it, the same token works again on the next request.
	 */
	| { kind: 'unauthorized'; expireSessions?: boolean }
	/** 503 with an HTML maintenance page, with `Retry-After` when `retryAfterSeconds` is set. */
	| { kind: 'unavailable'; retryAfterSeconds?: number }
	/** 400 QUERY_TIMEOUT. */
	| { kind: 'queryTimeout' }
	/** 403 REQUEST_LIMIT_EXCEEDED. */
	| { kind: 'requestLimit' }
	/** The cursor of a `nextRecordsUrl` request is dropped: 400 INVALID_QUERY_LOCATOR now and later. */
	| { kind: 'expiredCursor' }
	/** 200 whose JSON body stops halfway. */
	| { kind: 'truncatedBody' }
	/**
	 * The connection drops: `beforeHeaders` (default) makes the request itself fail like a network error;
	 * `midBody` sends the status and half the body, then the body stream errors.
	 */
	| { kind: 'dropConnection'; when?: 'beforeHeaders' | 'midBody' }
	/** A Bulk query job asked about (GET …/jobs/query/{id}) ends Failed with this message. */
	| { kind: 'bulkJobFailed'; errorMessage?: string };

/**
 * Which requests a rule counts: `page` = query, queryAll and nextRecordsUrl requests; `queryMore` =
 * nextRecordsUrl requests only; `api` = every /services/data/vXX.X request; `oauth` = OAuth, identity
 * and discovery requests; `bulkJob` = GET of a Bulk query job's info; `bulkResults` = Bulk result pages
 * (`…/jobs/query/{id}/results`); `any` = all of them.
 */
export type FaultTarget = 'page' | 'queryMore' | 'api' | 'oauth' | 'bulkJob' | 'bulkResults' | 'any';

/** One fault rule: it fires on the `from`-th matching request and the `times - 1` after it. */
export interface FaultRule {
	fault: Fault;
	/** Default `page`. */
	on?: FaultTarget;
	/** 1-based number of the first matching request it hits; default 1. */
	from?: number;
	/** How many matching requests it hits; default every one from `from` on (the whole run). */
	times?: number;
}

/** What the router tells the fault controller about a request. */
export interface FaultRequestInfo {
	isApi: boolean;
	isOAuth: boolean;
	isPage: boolean;
	isQueryMore: boolean;
	isBulkJob?: boolean;
	isBulkResults?: boolean;
}

/** The faults that hit one request. */
export interface FaultDecision {
	latencyMs: number;
	/** The fault that changes the answer, if any (the first matching rule wins). */
	fault: Exclude<Fault, { kind: 'latency' }> | null;
}

/** Holds the rules of a run and counts requests against them. */
export interface FaultController {
	add(...rules: FaultRule[]): void;
	/** Removes every rule and resets the counters. */
	clear(): void;
	/** The rules that may still fire (a rule is dropped once it has fired `times` times). */
	list(): FaultRule[];
	/** Counts the request against every rule and says which faults hit it. */
	decide(request: FaultRequestInfo): FaultDecision;
}

/** The error a dropped connection raises: a TypeError, like `fetch` on a network failure. */
export class ConnectionDropped extends TypeError {
	constructor() {
		super('Failed to fetch: the connection was dropped');
		this.name = 'TypeError';
	}
}

/** Whether an error is the emulator's simulated dropped connection. */
export function isConnectionDropped(error: unknown): error is ConnectionDropped {
	return error instanceof ConnectionDropped;
}

const matches = (target: FaultTarget, request: FaultRequestInfo): boolean => {
	switch (target) {
		case 'page':
			return request.isPage;
		case 'queryMore':
			return request.isQueryMore;
		case 'api':
			return request.isApi;
		case 'oauth':
			return request.isOAuth;
		case 'bulkJob':
			return request.isBulkJob === true;
		case 'bulkResults':
			return request.isBulkResults === true;
		case 'any':
			return true;
	}
};

/** Checks a rule taken from JSON; returns the problems found (empty when valid). */
export function validateFaultRule(value: unknown): string[] {
	if (typeof value !== 'object' || value === null) return ['a rule must be an object'];
	const rule = value as Partial<FaultRule>;
	const problems: string[] = [];
	const kinds = [
		'latency',
		'unauthorized',
		'unavailable',
		'queryTimeout',
		'requestLimit',
		'expiredCursor',
		'truncatedBody',
		'dropConnection',
		'bulkJobFailed'
	];
	if (typeof rule.fault !== 'object' || rule.fault === null || !kinds.includes(rule.fault.kind)) {
		problems.push(`fault.kind must be one of ${kinds.join(', ')}`);
	} else if (rule.fault.kind === 'latency' && !(typeof rule.fault.ms === 'number' && rule.fault.ms >= 0)) {
		problems.push('latency needs ms ≥ 0');
	}
	const targets = ['page', 'queryMore', 'api', 'oauth', 'bulkJob', 'bulkResults', 'any'];
	if (rule.on !== undefined && !targets.includes(rule.on)) {
		problems.push(`on must be one of ${targets.join(', ')}`);
	}
	for (const key of ['from', 'times'] as const) {
		const number = rule[key];
		if (number !== undefined && !(Number.isInteger(number) && number >= 1))
			problems.push(`${key} must be an integer ≥ 1`);
	}
	return problems;
}

/** Creates an empty fault controller. */
export function createFaultController(): FaultController {
	let rules: { rule: FaultRule; seen: number; fired: number }[] = [];
	return {
		add(...added) {
			for (const rule of added) rules.push({ rule: structuredClone(rule), seen: 0, fired: 0 });
		},
		clear() {
			rules = [];
		},
		list() {
			return rules.map((entry) => structuredClone(entry.rule));
		},
		decide(request) {
			const decision: FaultDecision = { latencyMs: 0, fault: null };
			for (const entry of rules) {
				const { rule } = entry;
				if (!matches(rule.on ?? 'page', request)) continue;
				entry.seen++;
				if (entry.seen < (rule.from ?? 1) || entry.fired >= (rule.times ?? Infinity)) continue;
				const { fault } = rule;
				if (fault.kind === 'latency') {
					entry.fired++;
					decision.latencyMs += fault.ms;
				} else if (decision.fault === null && (fault.kind !== 'expiredCursor' || request.isQueryMore)) {
					entry.fired++;
					decision.fault = fault;
				}
			}
			rules = rules.filter((entry) => entry.fired < (entry.rule.times ?? Infinity));
			return decision;
		}
	};
}

/** The HTML page Salesforce's front end serves while down for maintenance. */
export function unavailableResponse(retryAfterSeconds?: number): Response {
	const headers = new Headers({ 'Content-Type': 'text/html;charset=UTF-8' });
	if (retryAfterSeconds !== undefined) headers.set('Retry-After', String(retryAfterSeconds));
	const page =
		'<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body>' +
		'<h1>Service Unavailable</h1><p>The server is temporarily unable to service your request due to ' +
		'maintenance downtime or capacity problems. Please try again later.</p></body></html>';
	return new Response(page, { status: 503, headers });
}

/** The same response with its body cut off halfway (Content-Length matching the cut body). */
export async function truncatedResponse(response: Response): Promise<Response> {
	const bytes = new Uint8Array(await response.arrayBuffer());
	const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
	const headers = new Headers(response.headers);
	headers.set('Content-Length', String(cut.length));
	return new Response(cut, { status: response.status, statusText: response.statusText, headers });
}

/** The same response whose body stream sends half the bytes, then errors like a dropped connection. */
export async function droppedMidBodyResponse(response: Response): Promise<Response> {
	const bytes = new Uint8Array(await response.arrayBuffer());
	const half = bytes.slice(0, Math.floor(bytes.length / 2));
	let sent = false;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (sent) {
				controller.error(new ConnectionDropped());
				return;
			}
			sent = true;
			controller.enqueue(half);
		}
	});
	const headers = new Headers(response.headers);
	headers.delete('Content-Length');
	return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
