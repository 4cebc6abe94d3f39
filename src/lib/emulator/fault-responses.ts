/** What a fault rule makes of a request: an answer instead of processing it, or a spoilt answer. */
import {
	ConnectionDropped,
	droppedMidBodyResponse,
	truncatedResponse,
	unavailableResponse,
	type FaultDecision
} from './faults';
import type { HandlerDeps } from './handler';
import {
	invalidLocatorResponse,
	invalidSessionResponse,
	queryTimeoutResponse,
	requestLimitResponse
} from './rest/responses';

/** The answer of a fault that replaces the request's processing, or null. */
export function earlyFaultResponse(
	deps: Pick<HandlerDeps, 'sessions' | 'cursors'>,
	decision: FaultDecision,
	locator: string | null
): Response | null {
	const { fault } = decision;
	switch (fault?.kind) {
		case 'unauthorized':
			if (fault.expireSessions) deps.sessions.expireAccessTokens();
			return invalidSessionResponse();
		case 'unavailable':
			return unavailableResponse(fault.retryAfterSeconds);
		case 'queryTimeout':
			return queryTimeoutResponse();
		case 'requestLimit':
			return requestLimitResponse();
		case 'expiredCursor':
			if (locator) deps.cursors.drop(locator.split('-')[0]);
			return invalidLocatorResponse();
		case 'dropConnection':
			if ((fault.when ?? 'beforeHeaders') === 'beforeHeaders') throw new ConnectionDropped();
			return null;
		default:
			return null;
	}
}

/** The response after a fault that spoils an otherwise normal answer. */
export function lateFaultResponse(decision: FaultDecision, response: Response): Promise<Response> | Response {
	const { fault } = decision;
	if (fault?.kind === 'truncatedBody') return truncatedResponse(response);
	if (fault?.kind === 'dropConnection') return droppedMidBodyResponse(response);
	return response;
}
