/**
 * Bulk API 2.0 query jobs of the emulated org. A job's state follows from the time since it was created:
 * `UploadComplete` for `queueMs`, `InProgress` for a time proportional to its rows, then `JobComplete`;
 * `Failed` (a fault) and `Aborted` (PATCH) stick. Its records are the query plan's rows, written as CSV
 * page by page when asked for, so a 3,000,000-user job never exists in memory as text or objects. Only
 * the most recent jobs keep their plan; an older job is planned again when its results are read.
 * Limits: 10,000 query jobs per rolling 24 hours; jobs live 7 days after they were created.
 */
import type { Org } from '../data';
import { planQuery, type QueryPlan } from '../soql';
import { csvPage } from './csv';

/** A Bulk query job's state as Salesforce names it. */
export type BulkJobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

/** How long jobs take and how their results are cut. */
export interface BulkTiming {
	/** Time a job waits as UploadComplete before processing. */
	queueMs: number;
	/** Processing time per 1000 rows (InProgress). */
	msPer1000Rows: number;
	/** Records per page listed by `/resultPages` (each URL carries its locator and maxRecords). */
	pageRecords: number;
	/** Records of a `/results` page asked for without maxRecords. */
	resultsPageRecords: number;
}

/** One query job. */
export interface BulkJob {
	id: string;
	operation: 'query' | 'queryAll';
	object: string;
	soql: string;
	apiVersion: string;
	createdById: string;
	createdAt: number;
	totalSize: number;
	/** Set by an abort or a fault; otherwise the state follows from time. */
	finalState: 'Failed' | 'Aborted' | null;
	errorMessage: string | null;
	/** Time of the last change of the job's record (abort, failure). */
	modifiedAt: number;
}

/** Query jobs of one org. */
export interface BulkJobStore {
	/** Plans and registers a job; throws the SoqlError Salesforce answers with. */
	create(input: { soql: string; all: boolean; apiVersion: string; userId: string }): BulkJob;
	get(id: string): BulkJob | null;
	list(): BulkJob[];
	delete(id: string): boolean;
	state(job: BulkJob): BulkJobState;
	/** Rows processed so far (all of them once complete). */
	processed(job: BulkJob): number;
	/** The job's plan (planned again when it was dropped). */
	plan(job: BulkJob): QueryPlan;
	/** CSV of the job's records [start, start + count), from the page cache when the same query ran before. */
	page(job: BulkJob, start: number, count: number): { text: string; records: number; fields: number };
	/** Jobs created in the last 24 hours. */
	createdToday(): number;
	clear(): void;
	readonly timing: BulkTiming;
}

/** Bulk API 2.0 query jobs an org may create per rolling 24 hours. */
export const DAILY_QUERY_JOB_LIMIT = 10_000;
/** Jobs whose plans are kept. */
const PLANS_KEPT = 8;
const DAY_MS = 86_400_000;
const JOB_LIFETIME_MS = 7 * DAY_MS;

/** Creates the job store of an org. */
export function createBulkJobStore(options: {
	org: Org;
	now(): number;
	timing: BulkTiming;
	/** Bytes of CSV pages kept for queries that run again (same query, same org version); 0 = off. */
	cacheBytes: number;
}): BulkJobStore {
	const jobs = new Map<string, BulkJob>();
	const cache = new Map<string, { text: string; records: number; fields: number }>();
	let cachedBytes = 0;
	const plans = new Map<string, QueryPlan>();
	const created: number[] = [];
	let serial = 0;
	const keepPlan = (id: string, plan: QueryPlan) => {
		plans.delete(id);
		plans.set(id, plan);
		while (plans.size > PLANS_KEPT) plans.delete(plans.keys().next().value as string);
	};
	const expire = () => {
		const now = options.now();
		for (const [id, job] of jobs)
			if (now - job.createdAt >= JOB_LIFETIME_MS) {
				jobs.delete(id);
				plans.delete(id);
			}
		while (created.length > 0 && now - created[0] >= DAY_MS) created.shift();
	};
	const processingMs = (job: BulkJob) => (options.timing.msPer1000Rows * job.totalSize) / 1000;
	const store: BulkJobStore = {
		timing: options.timing,
		create(input) {
			expire();
			const plan = planQuery(options.org, input.soql, { all: input.all, apiVersion: input.apiVersion });
			serial++;
			const now = options.now();
			const job: BulkJob = {
				id: '750EM' + serial.toString(36).toUpperCase().padStart(13, '0'),
				operation: input.all ? 'queryAll' : 'query',
				object: plan.object,
				soql: input.soql,
				apiVersion: input.apiVersion,
				createdById: input.userId,
				createdAt: now,
				totalSize: plan.totalSize,
				finalState: null,
				errorMessage: null,
				modifiedAt: now
			};
			jobs.set(job.id, job);
			keepPlan(job.id, plan);
			created.push(now);
			return job;
		},
		get(id) {
			expire();
			return jobs.get(id) ?? null;
		},
		list() {
			expire();
			return [...jobs.values()];
		},
		delete(id) {
			plans.delete(id);
			return jobs.delete(id);
		},
		state(job) {
			if (job.finalState) return job.finalState;
			const elapsed = options.now() - job.createdAt;
			if (elapsed < options.timing.queueMs) return 'UploadComplete';
			return elapsed < options.timing.queueMs + processingMs(job) ? 'InProgress' : 'JobComplete';
		},
		processed(job) {
			const state = store.state(job);
			if (state === 'JobComplete') return job.totalSize;
			if (state !== 'InProgress') return 0;
			const elapsed = options.now() - job.createdAt - options.timing.queueMs;
			return Math.min(job.totalSize, Math.floor((elapsed / Math.max(1, processingMs(job))) * job.totalSize));
		},
		plan(job) {
			let plan = plans.get(job.id);
			if (!plan)
				plan = planQuery(options.org, job.soql, {
					all: job.operation === 'queryAll',
					apiVersion: job.apiVersion
				});
			keepPlan(job.id, plan);
			return plan;
		},
		page(job, start, count) {
			const key = `${options.org.version} ${job.operation} ${job.apiVersion} ${start} ${count} ${job.soql}`;
			const hit = cache.get(key);
			if (hit) return hit;
			const plan = store.plan(job);
			const page = { ...csvPage(plan, start, count), fields: plan.columns.length };
			const size = page.text.length * 2;
			if (size <= options.cacheBytes) {
				cache.set(key, page);
				cachedBytes += size;
				for (const [old, entry] of cache) {
					if (cachedBytes <= options.cacheBytes) break;
					cache.delete(old);
					cachedBytes -= entry.text.length * 2;
				}
			}
			return page;
		},
		createdToday() {
			expire();
			return created.length;
		},
		clear() {
			jobs.clear();
			plans.clear();
			cache.clear();
			cachedBytes = 0;
			created.length = 0;
		}
	};
	return store;
}
