/**
 * The connector being edited: the draft, what differs from the saved copy, every problem found while
 * typing (SOQL syntax with its range, query shape, mapping problems with positions), the test run and the
 * live preview of the mapping over the test's sample records.
 */
import type { AppError } from '$lib/core/errors';
import { validateMapping, type MappingProblem } from '$lib/core/mapping';
import { ConnectorSchema, validate, type Connector, type MappingSpec, type Problem } from '$lib/core/model';
import {
	applyConnectorFilters,
	checkQueryShape,
	limitQuery,
	type SampleReport,
	type SampleRow
} from '$lib/core/run';
import { saveConnector } from '$lib/store/connectors';
import type { ConnectorDatabase } from '$lib/store/db';
import { serverErrorDiagnostic, soqlSyntaxDiagnostics } from '$lib/ui/editors/soql-positions';
import { inSandbox, worker } from '$lib/worker/client';

/** Records a test run fetches. */
export const TEST_SAMPLE_SIZE = 5;
/** Quiet time after the last keystroke before problems and the live preview are recomputed. */
export const PREVIEW_DELAY_MS = 200;
/** Time a live preview may take before its sandbox worker is replaced (a runaway expression, Q20). */
const PREVIEW_BUDGET_MS = 3_000;

function snapshotJson(connector: Connector): string {
	return JSON.stringify({ ...connector, updatedAt: 0 });
}

/** Problems of the draft as they are shown before a save: every kind at once. */
export function draftProblems(draft: Connector): Problem[] {
	const problems: Problem[] = [];
	const schema = validate(ConnectorSchema, draft);
	if (!schema.ok) problems.push(...schema.problems);
	for (const problem of soqlSyntaxDiagnostics(draft.soql))
		problems.push({ path: 'soql', message: problem.message });
	if (problems.every((problem) => problem.path !== 'soql'))
		for (const problem of checkQueryShape(draft.soql, draft.mapping))
			problems.push({ path: 'soql', message: problem.message });
	for (const problem of validateMapping(draft.mapping))
		problems.push({ path: `mapping ${problem.target}`, message: problem.message });
	return problems;
}

/** The editor's state for one connector. */
export class ConnectorEditor {
	draft = $state() as Connector;
	/** False until the first save: the NQL ID can change only then. */
	saved = $state(false);
	private savedJson = $state('');
	saveProblems = $state.raw<Problem[]>([]);
	saving = $state(false);

	testing = $state(false);
	sample = $state.raw<SampleReport | null>(null);
	testError = $state.raw<AppError | null>(null);
	/** The SOQL the failed test ran from, so its server error is shown only while that text is unchanged. */
	private testedSoql = $state('');
	private sentSoql = $state('');

	preview = $state.raw<SampleRow[] | null>(null);
	previewError = $state.raw<AppError | null>(null);
	private previewSequence = 0;

	/**
	 * The text last checked: lint, query shape and mapping problems follow it once typing pauses
	 * (PREVIEW_DELAY_MS), so a keystroke never waits for a parse. CodeMirror keeps the ranges in place meanwhile.
	 */
	checked = $state.raw() as { soql: string; mapping: MappingSpec };

	dirty = $derived(snapshotJson(this.draft) !== this.savedJson);
	soqlDiagnostics = $derived.by(() => {
		const soql = this.checked.soql;
		const syntax = soqlSyntaxDiagnostics(soql);
		if (syntax.length > 0 || !this.testError || soql !== this.testedSoql) return syntax;
		const server = serverErrorDiagnostic(soql, this.sentSoql, this.testError);
		return server ? [server] : [];
	});
	shapeProblems = $derived(
		this.soqlDiagnostics.length > 0 ? [] : checkQueryShape(this.checked.soql, this.checked.mapping)
	);
	mappingProblems = $derived<MappingProblem[]>(validateMapping(this.checked.mapping));

	constructor(connector: Connector, saved: boolean) {
		this.draft = connector;
		this.saved = saved;
		this.savedJson = saved ? snapshotJson(connector) : '';
		this.checked = { soql: connector.soql, mapping: structuredClone(connector.mapping) };
	}

	/** Checks the draft as it is now, then refreshes the live preview with it. */
	async check(): Promise<void> {
		const draft = $state.snapshot(this.draft) as Connector;
		this.checked = { soql: draft.soql, mapping: draft.mapping };
		await this.refreshPreview();
	}

	/** Validates everything and saves; lists every problem instead when there is any. */
	async save(db: ConnectorDatabase): Promise<boolean> {
		const draft = $state.snapshot(this.draft) as Connector;
		const problems = draftProblems(draft);
		if (problems.length > 0) {
			this.saveProblems = problems;
			return false;
		}
		this.saving = true;
		try {
			const result = await saveConnector(db, draft);
			if (!result.ok) {
				this.saveProblems = result.problems;
				return false;
			}
			this.saveProblems = [];
			this.saved = true;
			this.draft.updatedAt = result.connector.updatedAt;
			this.savedJson = snapshotJson(result.connector);
			return true;
		} finally {
			this.saving = false;
		}
	}

	/** "Run test": the query with a small LIMIT through the worker, then the mapping of each record. */
	async runTest(): Promise<void> {
		const draft = $state.snapshot(this.draft) as Connector;
		this.testing = true;
		this.testError = null;
		try {
			const result = await worker().testConnector(
				{
					credentialId: draft.credentialId,
					soql: draft.soql,
					userStatus: draft.userStatus,
					companyDomains: draft.companyDomains,
					includeDeleted: draft.includeDeleted,
					latestLogin: draft.latestLogin,
					mapping: draft.mapping
				},
				TEST_SAMPLE_SIZE
			);
			if (result.ok) {
				this.sample = result.value;
				this.preview = null;
				this.previewError = null;
			} else {
				this.testError = result.error;
				this.testedSoql = draft.soql;
				this.sentSoql = sentQuery(draft);
				this.checked = { soql: draft.soql, mapping: draft.mapping };
			}
		} finally {
			this.testing = false;
		}
	}

	/** Recomputes the live preview (call after PREVIEW_DELAY_MS of quiet); stale answers are dropped. */
	async refreshPreview(): Promise<void> {
		const records = this.sample?.records;
		if (!records || this.mappingProblems.length > 0) return;
		const sequence = ++this.previewSequence;
		const mapping = this.checked.mapping;
		const result = await inSandbox((sandbox) => sandbox.previewMapping(mapping, records), PREVIEW_BUDGET_MS);
		if (sequence !== this.previewSequence) return;
		if (result.ok) {
			this.preview = result.value;
			this.previewError = null;
		} else this.previewError = result.error;
	}
}

/** The query a test sends, to place the server's row and column back into the edited text. */
function sentQuery(draft: Connector): string {
	try {
		return limitQuery(applyConnectorFilters(draft.soql, draft), TEST_SAMPLE_SIZE);
	} catch {
		return draft.soql;
	}
}
