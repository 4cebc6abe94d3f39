/**
 * Retry policy for idempotent GETs: exponential backoff with full jitter under a cap, `Retry-After`
 * honoured, waits that an AbortSignal cuts short.
 */
import { AppFailure, appError } from '../errors';

/** How many times and how long to wait between attempts. */
export interface RetryPolicy {
	/** Attempts after the first one. */
	retries: number;
	/** Backoff base: attempt n waits up to baseDelayMs × 2^n. */
	baseDelayMs: number;
	/** Cap on a jittered backoff wait. */
	maxDelayMs: number;
	/** Cap on a server-requested `Retry-After` wait. */
	maxRetryAfterMs: number;
}

/** Defaults: 5 attempts in all, waits up to 0.5 s, 1 s, 2 s, 4 s (cap 20 s), Retry-After up to 2 min. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	retries: 4,
	baseDelayMs: 500,
	maxDelayMs: 20_000,
	maxRetryAfterMs: 120_000
};

/** Waits `ms`, or rejects with ABORTED as soon as the signal fires. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The abort failure every cancelled wait and fetch throws. */
export function abortedFailure(): AppFailure {
	return new AppFailure(appError('ABORTED', 'Cancelled.'));
}

/** Waits with setTimeout; the signal cancels the wait. */
export const defaultSleep: Sleep = (ms, signal) =>
	new Promise<void>((resolve, reject) => {
		if (signal?.aborted) return reject(abortedFailure());
		const onAbort = () => {
			clearTimeout(timer);
			reject(abortedFailure());
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
	if (!header) return null;
	const trimmed = header.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** The wait before retry number `retry` (0-based): full jitter under the cap, or the server's Retry-After. */
export function backoffDelay(
	policy: RetryPolicy,
	retry: number,
	random: () => number,
	retryAfterMs: number | null
): number {
	if (retryAfterMs !== null) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
	return Math.floor(random() * ceiling);
}
