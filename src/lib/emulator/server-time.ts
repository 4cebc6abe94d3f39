/**
 * How long Salesforce works on a request before it answers, and how many requests of an org may run at
 * once. Server time is a real wait (a timer, no CPU): a fixed part per request plus a part that grows with
 * records × fields, so a page of 2000 users × 15 fields costs `baseMs + 2 × msPer1000Records`. It counts
 * from the moment the emulator takes the request up: its own work on the answer is part of that time.
 *
 * Published figures behind REALISTIC_SERVER_TIME: trust.salesforce.com reported average transaction times
 * under 300 ms for years (Learning Apex Programming, "Obeying the speed limit"), and REST clients measure
 * hundreds of milliseconds for a page of 2000 users. 50 ms per request plus 100 ms per 1000 records of 15
 * fields gives 250 ms for a full page and 51 ms for a describe. The emulator's own default is no server
 * time, so tests run at full speed.
 *
 * Concurrency: Salesforce refuses a request when too many long-running (≥ 20 s) requests of the org run
 * at once (25 in production, 5 in developer orgs) with 403 REQUEST_LIMIT_EXCEEDED
 * "ConcurrentRequests (Concurrent API Requests) Limit exceeded." The emulator's cap, when set, counts every
 * request in flight, however short: a stricter limit, so a client's bound on its own concurrency is tested.
 */

/** The server time of a request. */
export interface ServerTimeModel {
	/** Fixed part of every REST and Bulk request. */
	baseMs: number;
	/** Per 1000 records of REFERENCE_FIELDS fields (scaled by the fields a query selects). */
	msPer1000Records: number;
}

/** Fields of the reference record the per-record figure is given for (the connector's usual 15). */
export const REFERENCE_FIELDS = 15;

/** No server time: the emulator's default. */
export const NO_SERVER_TIME: ServerTimeModel = { baseMs: 0, msPer1000Records: 0 };

/** Server time from published figures (see the module comment): 250 ms for 2000 records × 15 fields. */
export const REALISTIC_SERVER_TIME: ServerTimeModel = { baseMs: 50, msPer1000Records: 100 };

/** The model whose full REST page (2000 records × 15 fields) takes exactly `pageMs`, with no fixed part. */
export function serverTimeForPage(pageMs: number): ServerTimeModel {
	return { baseMs: 0, msPer1000Records: pageMs / 2 };
}

/** Milliseconds of server time for a request answering `records` records of `fields` fields. */
export function serverMs(model: ServerTimeModel, records: number, fields: number): number {
	return model.baseMs + (model.msPer1000Records * records * fields) / (1000 * REFERENCE_FIELDS);
}

/** Records × fields of one answer. */
export interface Work {
	records: number;
	fields: number;
}

const work = new WeakMap<Response, Work[]>();

/** Records the records × fields a response carries, for its server time. */
export function noteWork(response: Response, records: number, fields: number): Response {
	work.set(response, [{ records, fields }]);
	return response;
}

/** Records the work of each request a response answers together (a composite request's subrequests). */
export function noteWorks(response: Response, works: Work[]): Response {
	work.set(response, works);
	return response;
}

/** The work a response carries: one entry for each request it answers (no records when not noted). */
export function worksOf(response: Response): Work[] {
	return work.get(response) ?? [{ records: 0, fields: 0 }];
}

/** The server time of a response: the sum of its requests' (a composite's subrequests run one after the other). */
export function responseServerMs(model: ServerTimeModel, response: Response): number {
	return worksOf(response).reduce((sum, { records, fields }) => sum + serverMs(model, records, fields), 0);
}

/** The message of Salesforce's concurrent-request refusal. */
export const CONCURRENT_LIMIT_MESSAGE = 'ConcurrentRequests (Concurrent API Requests) Limit exceeded.';
