/** Daily API request allowance of the org, counted over a rolling 24-hour window in hourly buckets. */
export interface ApiUsage {
	readonly max: number;
	/** Requests counted in the last 24 hours. */
	used(): number;
	/** Counts one request; false (and nothing counted) when the allowance is spent. */
	tryConsume(): boolean;
	/** Sets the count as if `count` requests had been made this hour (tests: "nearly out of quota"). */
	setUsed(count: number): void;
	reset(): void;
}

const HOUR_MS = 3_600_000;
const WINDOW_HOURS = 24;

/** Creates the rolling daily API request counter. */
export function createApiUsage(options: { max: number; now(): number }): ApiUsage {
	let buckets = new Map<number, number>();

	const currentHour = () => Math.floor(options.now() / HOUR_MS);
	const used = () => {
		const oldestHour = currentHour() - WINDOW_HOURS + 1;
		let total = 0;
		for (const [hour, count] of buckets) {
			if (hour < oldestHour) buckets.delete(hour);
			else total += count;
		}
		return total;
	};

	return {
		max: options.max,
		used,
		tryConsume() {
			if (used() >= options.max) return false;
			const hour = currentHour();
			buckets.set(hour, (buckets.get(hour) ?? 0) + 1);
			return true;
		},
		setUsed(count) {
			buckets = new Map([[currentHour(), Math.max(0, Math.floor(count))]]);
		},
		reset() {
			buckets = new Map();
		}
	};
}

/** Value of the `Sforce-Limit-Info` header. */
export function limitInfoHeader(usage: ApiUsage): string {
	return `api-usage=${usage.used()}/${usage.max}`;
}

/** Body of `GET /services/data/vXX.X/limits`: the daily API allowance and the other limits clients read. */
export function limitsBody(usage: ApiUsage): Record<string, { Max: number; Remaining: number }> {
	const limit = (max: number, remaining = max) => ({ Max: max, Remaining: remaining });
	return {
		ConcurrentAsyncGetReportInstances: limit(200),
		ConcurrentSyncReportRuns: limit(20),
		DailyApiRequests: limit(usage.max, Math.max(0, usage.max - usage.used())),
		DailyAsyncApexExecutions: limit(250000),
		DailyBulkApiBatches: limit(15000),
		DailyBulkV2QueryFileStorageMB: limit(976562),
		DailyBulkV2QueryJobs: limit(10000),
		DataStorageMB: limit(1024),
		FileStorageMB: limit(1024),
		HourlyODataCallout: limit(10000),
		MassEmail: limit(5000),
		SingleEmail: limit(5000)
	};
}
