/** Waits `ms` on a timer (which can fire up to a millisecond late). */
export function timerSleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
