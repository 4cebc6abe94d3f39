/**
 * The types pages exchange with the worker, in one types-only module: routes and ui import from here
 * and from `client.ts`, never from the worker's implementation modules.
 */
export type { SignInSecrets } from '../auth/kinds';
export type { HealthReport } from './api';
export type { DemoSettings } from '../demo';
export type { ExportRequest, ExportSink, ExportSummary } from './exports';
export type { RunListener, RunTrigger } from './runs';

/** What the page may know about a credential's session (never a token). */
export interface CredentialStatus {
	signedIn: boolean;
	instanceUrl: string | null;
	orgId: string | null;
	userId: string | null;
	issuedAt: number | null;
	username?: string;
	/** Whether sealed secrets of this credential are kept on this device. */
	remembered: boolean;
}
