/** The mutable part of an emulated org: which rows exist, which are deleted and which were edited. */

/** Rows, deletions and edits of one org; every value is still derived from the seed. */
export interface OrgState {
	seed: number;
	/** Two characters of every Id that tie it to this org. */
	pod: string;
	/** Epoch ms the generated dates are relative to. */
	today: number;
	/** The org's own e-mail and username domain. */
	domain: string;
	/** Number of User rows, deleted ones included. */
	userRows: number;
	/** Users created by the generator before any edit. */
	initialUserRows: number;
	/** One byte per user row: 1 when deleted. */
	deleted: Uint8Array;
	deletedCount: number;
	/** Row → version of the edit that last changed its values. */
	generation: Map<number, number>;
	/** Row → version that deleted it (rows deleted by applyChanges; deletion moves SystemModstamp). */
	deletedIn: Map<number, number>;
	/** Version of the org, bumped by every applyChanges. */
	version: number;
	/** First user row added by each version after the first. */
	addedFrom: { version: number; row: number }[];
	loginHistoryPerUser: number;
}

/** The version in which a user row was added (0 for the generated ones). */
export function versionAdded(state: OrgState, row: number): number {
	let version = 0;
	for (const batch of state.addedFrom) if (row >= batch.row) version = batch.version;
	return version;
}

/** The edit version of a user row (0 when never edited). */
export function generationOf(state: OrgState, row: number): number {
	return state.generation.size === 0 ? 0 : (state.generation.get(row) ?? 0);
}
