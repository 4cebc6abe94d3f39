import { describe, expect, it } from 'vitest';
import { errorFromResponse, isTransient } from './errors';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter } from './retry';

describe('error mapping', () => {
	it('reads row and column of a malformed query', () => {
		const error = errorFromResponse(
			400,
			JSON.stringify([
				{
					message:
						"\nSELECT Id FROM User WHERE Name = 'x\n   ^\nERROR at Row:1:Column:33\nunexpected token: 'x'",
					errorCode: 'MALFORMED_QUERY'
				}
			]),
			null
		);
		expect(error).toMatchObject({ code: 'SF_MALFORMED_QUERY', row: 1, column: 33, status: 400 });
		expect(error.message).toContain("unexpected token: 'x'");
		expect(error.retryable).toBeUndefined();
	});

	it('names the field of INVALID_FIELD', () => {
		const error = errorFromResponse(
			400,
			JSON.stringify([
				{
					message:
						"SELECT Foo FROM User\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'User'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.",
					errorCode: 'INVALID_FIELD'
				}
			]),
			null
		);
		expect(error).toMatchObject({ code: 'SF_INVALID_FIELD', field: 'Foo', row: 1, column: 8 });
	});

	it('maps the documented codes and statuses', () => {
		const body = (errorCode: string) => JSON.stringify([{ message: 'm', errorCode }]);
		expect(errorFromResponse(400, body('INVALID_TYPE'), null).code).toBe('SF_INVALID_TYPE');
		expect(errorFromResponse(400, body('QUERY_TIMEOUT'), null).code).toBe('SF_QUERY_TIMEOUT');
		expect(errorFromResponse(400, body('INVALID_QUERY_LOCATOR'), null).code).toBe('SF_INVALID_LOCATOR');
		expect(errorFromResponse(403, body('API_DISABLED_FOR_ORG'), null).code).toBe('SF_API_DISABLED');
		expect(errorFromResponse(410, '', null).code).toBe('SF_VERSION_RETIRED');
		expect(errorFromResponse(414, '', null).code).toBe('SF_URI_TOO_LONG');
		expect(errorFromResponse(503, '<html>down</html>', null)).toMatchObject({
			code: 'HTTP_5XX',
			retryable: true
		});
		expect(errorFromResponse(429, '', null)).toMatchObject({ code: 'HTTP_ERROR', retryable: true });
		const limit = errorFromResponse(403, body('REQUEST_LIMIT_EXCEEDED'), { used: 15000, max: 15000 });
		expect(limit.code).toBe('SF_REQUEST_LIMIT');
		expect(limit.message).toContain('15000 of 15000');
	});
});

describe('retry policy', () => {
	it('jitters under an exponential ceiling capped at maxDelayMs', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffDelay(policy, 0, () => 0.999, null)).toBeLessThan(100);
		expect(backoffDelay(policy, 3, () => 0.999, null)).toBeLessThan(800);
		expect(backoffDelay(policy, 10, () => 0.999, null)).toBeLessThan(1000);
		expect(backoffDelay(policy, 10, () => 0, null)).toBe(0);
		expect(backoffDelay(policy, 0, () => 0.5, 7000)).toBe(7000);
		expect(backoffDelay({ ...policy, maxRetryAfterMs: 5000 }, 0, () => 0.5, 7000)).toBe(5000);
	});

	it('reads Retry-After as seconds or as a date', () => {
		expect(parseRetryAfter('3', 0)).toBe(3000);
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
		expect(parseRetryAfter('soon', 0)).toBeNull();
		expect(parseRetryAfter(null, 0)).toBeNull();
	});
});

describe('isTransient', () => {
	it('holds for the codes of a call that got no answer, and for nothing Salesforce answered', () => {
		expect(['NETWORK', 'CORS_OR_NETWORK', 'ABORTED'].map(isTransient)).toEqual([true, true, true]);
		expect(['HTTP_5XX', 'SF_INVALID_SESSION', 'AUTH_SIGN_IN_AGAIN', 'BAD_RESPONSE'].some(isTransient)).toBe(
			false
		);
	});
});
