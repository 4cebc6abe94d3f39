/**
 * The previous run's output and the new one: the diff between them (the app's diff index: by identifier,
 * then by value hash), and for an incremental run the new output as the previous one with the fetched
 * users upserted by Salesforce Id and the removed ones taken out, deduplicated as a run would.
 */
import type { IdentifierKind, RunDiffSummary } from '../lib/core/model';
import { createDiffIndex, IdentifierSet, normalizeIdentifier, type RunRow } from '../lib/core/run';

/** Added, changed and removed rows between two outputs. */
export interface OutputDiff {
	added: RunRow[];
	changed: RunRow[];
	/** Identifiers of the previous output that are gone. */
	removed: string[];
	counts: Omit<RunDiffSummary, 'previousRunId'>;
}

/** Compares two outputs; without a previous one every row is added. */
export function diffOutputs(
	kind: IdentifierKind,
	previous: readonly RunRow[] | null,
	current: readonly RunRow[]
): OutputDiff {
	const index = createDiffIndex({ kind });
	if (previous)
		index.addPrevious(
			previous.map((row) => row.identifier),
			previous.map((row) => row.hash)
		);
	const chunk = index.addCurrent(
		current.map((row) => row.identifier),
		current.map((row) => row.hash)
	);
	const previousIdentifiers = (previous ?? []).map((row) => row.identifier);
	return {
		added: chunk.added.map((at) => current[at]),
		changed: chunk.changed.map((at) => current[at]),
		removed: index.removedIn(previousIdentifiers).map((at) => previousIdentifiers[at]),
		counts: index.counts()
	};
}

/** The output after an incremental run: previous rows, minus `removedIds`, with `fetched` upserted by Id. */
export function mergeIncremental(
	kind: IdentifierKind,
	previous: readonly RunRow[],
	fetched: readonly RunRow[],
	removedIds: ReadonlySet<string>
): { rows: RunRow[]; duplicates: string[] } {
	const byId = new Map<string, RunRow>();
	const withoutId: RunRow[] = [];
	for (const row of [...previous, ...fetched]) {
		if (row.id === null) withoutId.push(row);
		else if (!removedIds.has(row.id)) byId.set(row.id, row);
	}
	// A run reads users in Id order and keeps the first of each identifier: so does the merged output.
	const ordered = [...byId.values()].sort((a, b) => (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0));
	const seen = new IdentifierSet();
	const rows: RunRow[] = [];
	const duplicates: string[] = [];
	for (const row of [...ordered, ...withoutId]) {
		const identifier = normalizeIdentifier(row.identifier, kind);
		if (!identifier.ok) continue;
		if (seen.add(identifier.key)) rows.push(row);
		else duplicates.push(row.identifier);
	}
	return { rows, duplicates };
}
