/** Response builders shared by the REST routes: JSON bodies and Salesforce's error array. */

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

const encoder = new TextEncoder();

/**
 * A JSON response from text that already is JSON. The text is encoded here: a Response made from bytes
 * is read about twice as fast as one made from a string (undici), which matters for 1 MB pages.
 */
export function jsonTextResponse(text: string, status = 200, headers?: Record<string, string>): Response {
	return jsonBytesResponse(encoder.encode(text), status, headers);
}

/**
 * A JSON response from UTF-8 bytes that already are JSON. The bytes go out as the one chunk of a stream:
 * a Response made from bytes copies them first (undici), a cost per megabyte page.
 */
export function jsonBytesResponse(
	body: Uint8Array<ArrayBuffer>,
	status = 200,
	headers?: Record<string, string>
): Response {
	const response = new Response(bodyStream(body), {
		status,
		headers: { 'Content-Type': JSON_CONTENT_TYPE, 'Content-Length': String(body.length), ...headers }
	});
	bodies.set(response, body);
	return response;
}

const bodies = new WeakMap<Response, Uint8Array>();

/** The body bytes of a response made by jsonBytesResponse (a composite request embeds them), else null. */
export function jsonBytesOf(response: Response): Uint8Array | null {
	return bodies.get(response) ?? null;
}

function bodyStream(body: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array> {
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			controller.enqueue(body);
			controller.close();
		}
	});
	return stream;
}

/** A JSON response of a value. */
export function jsonResponse(value: unknown, status = 200, headers?: Record<string, string>): Response {
	return jsonTextResponse(JSON.stringify(value), status, headers);
}

/** Salesforce's error body: `[{"message","errorCode"}]`, with `fields` when given. */
export function errorResponse(
	status: number,
	errorCode: string,
	message: string,
	fields?: string[]
): Response {
	const error: { message: string; errorCode: string; fields?: string[] } = { message, errorCode };
	if (fields && fields.length > 0) error.fields = fields;
	return jsonResponse([error], status);
}

/** 401 for a missing, unknown, expired or revoked token. */
export function invalidSessionResponse(): Response {
	return errorResponse(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
}

/** 404 for a path the org does not serve. */
export function notFoundResponse(): Response {
	return errorResponse(404, 'NOT_FOUND', 'The requested resource does not exist');
}

/** 403 when the daily API allowance is spent. */
export function requestLimitResponse(): Response {
	return errorResponse(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
}

/** 400 for a query that ran too long. */
export function queryTimeoutResponse(): Response {
	return errorResponse(400, 'QUERY_TIMEOUT', 'Your query request was running for too long.');
}

/** 400 for an unknown or expired query cursor. */
export function invalidLocatorResponse(): Response {
	return errorResponse(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
}

/** 405 for a method a resource does not take. */
export function methodNotAllowedResponse(method: string, allowed: string[]): Response {
	return errorResponse(
		405,
		'METHOD_NOT_ALLOWED',
		`HTTP Method '${method}' not allowed. Allowed are ${allowed.join(',')}`
	);
}

/** An HTML error page, as Salesforce's front end sends for 414 and 431. */
export function htmlErrorResponse(status: number, title: string): Response {
	return new Response(
		`<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
		{
			status,
			headers: { 'Content-Type': 'text/html;charset=UTF-8' }
		}
	);
}
