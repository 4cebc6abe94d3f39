import { toAppError, type AppError, type Result } from '../core/errors';

/** Runs `body` and returns its value, or the error it threw as data (errors cross Comlink as data). */
export async function asResult<T>(
	body: () => Promise<T>,
	mapError: (thrown: unknown) => AppError = toAppError
): Promise<Result<T>> {
	try {
		return { ok: true, value: await body() };
	} catch (thrown) {
		return { ok: false, error: mapError(thrown) };
	}
}
