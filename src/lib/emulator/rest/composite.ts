/**
 * `POST /vXX.X/composite`: up to 25 subrequests run one after the other in one call (one call toward the
 * org's API allowance), a later one naming a value of an earlier answer in its URL as
 * `@{referenceId.field}` (`.name` into an object, `[n]` into an array), their answers returned together
 * in `compositeResponse`, each as `{body, httpHeaders, httpStatusCode, referenceId}`. At most five of
 * them may be queries. A subrequest whose reference has no value answers 400 PROCESSING_HALTED; with
 * `allOrNone`, every subrequest after a failed one does. The emulator serves GET subrequests of its REST
 * resources (it has no DML). The app's browser client asks for each query page this way, one GET a
 * request: the composite URL never changes, so the browser remembers its CORS preflight.
 */
import { errorResponse } from './responses';

/** Most subrequests of one composite request. */
export const MAX_SUBREQUESTS = 25;
/** Most query subrequests (query, queryAll and nextRecordsUrl) of one composite request. */
export const MAX_QUERY_SUBREQUESTS = 5;

/** One subrequest as the client sent it. */
export interface Subrequest {
	method: string;
	url: string;
	referenceId: string;
	httpHeaders: Record<string, string>;
}

/** A subrequest's answer: its status and JSON body bytes, and the head values of a query page. */
export interface SubAnswer {
	status: number;
	body: Uint8Array;
	/** A query page's totalSize, done and nextRecordsUrl (absent when done), so a reference to them needs no parse. */
	head?: { totalSize: number; done: boolean; nextRecordsUrl?: string };
}

/** Runs one GET subrequest against the org (url: a /services/data/… path with its query string). */
export type RunSubrequest = (sub: Subrequest) => Promise<SubAnswer>;

/** The composite request body checked, or the 400 answer naming what is wrong. */
export function parseCompositeBody(
	text: string
): { allOrNone: boolean; subrequests: Subrequest[] } | Response {
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return errorResponse(400, 'JSON_PARSER_ERROR', 'The composite request body is not valid JSON.');
	}
	const list = (body as { compositeRequest?: unknown } | null)?.compositeRequest;
	if (!Array.isArray(list) || list.length === 0)
		return errorResponse(400, 'INVALID_INPUT', 'compositeRequest must be a non-empty array of subrequests.');
	if (list.length > MAX_SUBREQUESTS)
		return errorResponse(
			400,
			'LIMIT_EXCEEDED',
			`A composite request takes at most ${MAX_SUBREQUESTS} subrequests; it had ${list.length}.`
		);
	const subrequests: Subrequest[] = [];
	const seen = new Set<string>();
	for (const [index, item] of list.entries()) {
		const sub = item as Partial<Record<keyof Subrequest, unknown>> | null;
		const where = `compositeRequest[${index}]`;
		if (typeof sub?.method !== 'string' || typeof sub.url !== 'string')
			return errorResponse(400, 'INVALID_INPUT', `${where} needs a method and a url.`);
		if (typeof sub.referenceId !== 'string' || !/^[A-Za-z0-9_]+$/.test(sub.referenceId))
			return errorResponse(400, 'INVALID_INPUT', `${where} needs a referenceId of letters, digits and _.`);
		if (seen.has(sub.referenceId))
			return errorResponse(
				400,
				'INVALID_INPUT',
				`${where}: the referenceId ${sub.referenceId} is used twice.`
			);
		seen.add(sub.referenceId);
		const headers = sub.httpHeaders && typeof sub.httpHeaders === 'object' ? sub.httpHeaders : {};
		subrequests.push({
			method: sub.method,
			url: sub.url,
			referenceId: sub.referenceId,
			httpHeaders: headers as Record<string, string>
		});
	}
	const queries = subrequests.filter((sub) => isQueryUrl(sub.url));
	if (queries.length > MAX_QUERY_SUBREQUESTS)
		return errorResponse(
			400,
			'LIMIT_EXCEEDED',
			`A composite request takes at most ${MAX_QUERY_SUBREQUESTS} query subrequests; it had ${queries.length}.`
		);
	const allOrNone = (body as { allOrNone?: unknown }).allOrNone === true;
	return { allOrNone, subrequests };
}

const QUERY_URL = /^\/services\/data\/v[\d.]+\/query(All)?[/?]/;
const QUERY_MORE_URL = /^\/services\/data\/v[\d.]+\/query(All)?\/[^/?]+$/;
const WHOLE_REFERENCE = /^@\{[^}]+\}$/;

/** Whether a subrequest's URL asks for a query page (a reference alone is taken for a nextRecordsUrl). */
export function isQueryUrl(url: string): boolean {
	return QUERY_URL.test(url) || WHOLE_REFERENCE.test(url);
}

/** Whether a subrequest's URL asks for a nextRecordsUrl page (a reference alone is taken for one). */
export function isQueryMoreUrl(url: string): boolean {
	return QUERY_MORE_URL.test(url) || WHOLE_REFERENCE.test(url);
}

const HEAD_KEYS = new Set(['totalSize', 'done', 'nextRecordsUrl']);
const REFERENCE = /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])+)\}/g;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A value reached by `.name` and `[n]` steps, or undefined. */
function valueAt(value: unknown, path: string): unknown {
	for (const [, name, index] of path.matchAll(/\.([A-Za-z0-9_]+)|\[(\d+)\]/g)) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[name ?? Number(index)];
	}
	return value;
}

/** The URL with every reference replaced by its value, or the first reference that has none. */
function resolved(url: string, answers: Map<string, SubAnswer>): { url: string } | { missing: string } {
	let missing: string | null = null;
	const replaced = url.replace(REFERENCE, (whole, id: string, path: string) => {
		const answer = answers.get(id);
		let value: unknown;
		if (answer && answer.status < 300) {
			const key = path.slice(1);
			value =
				answer.head && HEAD_KEYS.has(key)
					? answer.head[key as keyof typeof answer.head]
					: valueAt(JSON.parse(decoder.decode(answer.body)), path);
		}
		if (value === undefined || value === null || typeof value === 'object') {
			missing ??= `${id}${path}`;
			return whole;
		}
		return String(value);
	});
	return missing === null ? { url: replaced } : { missing };
}

function halted(message: string): SubAnswer {
	return {
		status: 400,
		body: encoder.encode(JSON.stringify([{ errorCode: 'PROCESSING_HALTED', message }]))
	};
}

/** Runs the subrequests in order and writes the composite answer's JSON bytes. */
export async function runComposite(
	subrequests: Subrequest[],
	allOrNone: boolean,
	run: RunSubrequest
): Promise<Uint8Array<ArrayBuffer>> {
	const answers = new Map<string, SubAnswer>();
	const parts: Uint8Array[] = [encoder.encode('{"compositeResponse":[')];
	let failed = false;
	for (const [index, sub] of subrequests.entries()) {
		let answer: SubAnswer;
		const url = resolved(sub.url, answers);
		if (failed && allOrNone)
			answer = halted(
				'The transaction was rolled back since another operation in the same transaction failed.'
			);
		else if ('missing' in url)
			answer = halted(
				`Invalid reference specified. No value for ${url.missing} found in ${url.missing.split(/[.[]/)[0]}. Provided referenceId ('${url.missing}') in url.`
			);
		else answer = await run({ ...sub, url: url.url });
		answers.set(sub.referenceId, answer);
		failed ||= answer.status >= 300;
		parts.push(
			encoder.encode(index === 0 ? '{"body":' : ',{"body":'),
			answer.body,
			encoder.encode(
				`,"httpHeaders":{},"httpStatusCode":${answer.status},"referenceId":${JSON.stringify(sub.referenceId)}}`
			)
		);
	}
	parts.push(encoder.encode(']}'));
	const whole = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		whole.set(part, offset);
		offset += part.length;
	}
	return whole;
}
