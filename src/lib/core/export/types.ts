/** One mapped user as it leaves the store: its identifier and its target field values. */
export interface ExportRow {
	identifier: string;
	values: Record<string, unknown>;
}

/**
 * A streaming writer: the caller writes `header()`, then `rows(chunk)` for every stored page in order,
 * then `footer()`, and concatenates (or streams) the returned texts. Nothing is kept between calls
 * except what the format needs to join chunks.
 */
export interface ExportWriter {
	header(): string;
	rows(chunk: readonly ExportRow[]): string;
	footer(): string;
}

/** Columns of a mapped-users export: the identifier column (named by its kind) then the target fields. */
export interface ExportColumns {
	/** In mapping order; the first one is the identifier column, "upn" or "email". */
	columns: readonly string[];
}
