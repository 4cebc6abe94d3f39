/**
 * Promises taken in the order they settle. Racing the pending ones again and again (Promise.race) would
 * leave one handler per race on a promise that stays pending long, each holding what another promise
 * delivered, so memory would grow while it waits; this queue holds only what was not taken yet.
 */

/** A queue of promises, taken as they settle. */
export interface SettledQueue<T> {
	/** Promises added and not taken yet, pending or settled. */
	readonly size: number;
	/** Adds a promise; it must not reject (turn a failure into a value first). */
	add(promise: Promise<T>): void;
	/** The next value to settle (waits when none has). */
	take(): Promise<T>;
}

/** Creates an empty queue. */
export function settledQueue<T>(): SettledQueue<T> {
	const settled: T[] = [];
	let wake: (() => void) | null = null;
	let size = 0;
	return {
		get size() {
			return size;
		},
		add(promise) {
			size++;
			void promise.then((value) => {
				settled.push(value);
				wake?.();
				wake = null;
			});
		},
		async take() {
			while (settled.length === 0) await new Promise<void>((resolve) => (wake = resolve));
			size--;
			return settled.shift() as T;
		}
	};
}
