/**
 * Single-flight access-token renewal for the REST client: concurrent and late 401s for the same stale
 * token share one refresh, and share its refusal too.
 */
import { AppFailure, appError, toAppError } from '../errors';
import { isTransient } from './errors';

/**
 * A renewer that refreshes each stale token once. Only a refresh that failed on the network may be
 * tried again; without a refresh function every renewal is refused as SF_INVALID_SESSION.
 */
export function singleFlightRenewal(source: {
	refreshAccessToken?(stale: string): Promise<string>;
}): (stale: string) => Promise<string> {
	let refreshing: { stale: string; fresh: Promise<string> } | null = null;
	return function renewToken(stale: string): Promise<string> {
		if (refreshing?.stale === stale) return refreshing.fresh;
		const refresh = source.refreshAccessToken;
		if (!refresh)
			return Promise.reject(new AppFailure(appError('SF_INVALID_SESSION', 'The session expired.')));
		const fresh = refresh(stale);
		refreshing = { stale, fresh };
		fresh.catch((thrown: unknown) => {
			if (isTransient(toAppError(thrown).code) && refreshing?.fresh === fresh) refreshing = null;
		});
		return fresh;
	};
}
