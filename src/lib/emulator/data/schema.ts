/** How an emulated sObject is described: fields computed per row on demand, never stored as objects. */
import type { JsonBytes } from '../json-bytes';
import { jsonBytesOf } from '../json-pieces';

/** Salesforce field types the emulated objects use. */
export type FieldType =
	| 'id'
	| 'string'
	| 'boolean'
	| 'datetime'
	| 'date'
	| 'reference'
	| 'picklist'
	| 'email'
	| 'url'
	| 'phone'
	| 'textarea'
	| 'int'
	| 'double';

/** A value as it appears in a REST response. */
export type FieldValue = string | number | boolean | null;

/** A field of an emulated object. `get` computes the value of one row from the seed alone. */
export interface FieldDef {
	name: string;
	label: string;
	type: FieldType;
	length: number;
	nillable: boolean;
	filterable: boolean;
	sortable: boolean;
	referenceTo: string[];
	relationshipName: string | null;
	picklistValues: string[];
	/** The value of this field on a row, exactly as the REST API returns it. */
	get(row: number): FieldValue;
	/**
	 * Fields whose values mostly differ per row: appends the JSON of `get(row)` (quotes included) straight
	 * from the generator, without making the string.
	 */
	writeJson?: (row: number, out: JsonBytes) => void;
	/**
	 * Fields whose values come from a fixed list: the list, and the index of a row's value in it, or -1 for
	 * a row whose value is not in the list (`writeJson` writes that one).
	 */
	choice?: { values: readonly FieldValue[]; indexOf: (row: number) => number };
	/** Dates and date-times: the value as epoch ms (dates at 00:00 UTC), or null. */
	time?: (row: number) => number | null;
	/** Lookups with a relationship: the row of the parent in the target table, or -1 when empty. */
	parentRow?: (row: number) => number;
}

/** An emulated sObject: a fixed list of fields over rows 0..rowCount()-1. */
export interface SObjectTable {
	name: string;
	label: string;
	labelPlural: string;
	keyPrefix: string;
	fields: FieldDef[];
	/** A field by name, case-insensitive. */
	field(name: string): FieldDef | undefined;
	/** A lookup field by its relationship name, case-insensitive. */
	relationship(name: string): FieldDef | undefined;
	/** Rows including deleted ones. */
	rowCount(): number;
	/** Whether a row is deleted (only queryAll sees it). */
	isDeleted(row: number): boolean;
	/** Number of rows that are not deleted. */
	liveCount(): number;
	idOf(row: number): string;
	/** Appends the characters of `idOf(row)` (all ASCII) without making the string. */
	writeId(row: number, out: JsonBytes): void;
	/** The row of an Id of this object, or -1. */
	rowOf(id: string): number;
}

/** What a field definition must state; the rest has defaults. */
export type FieldSpec = Partial<FieldDef> & Pick<FieldDef, 'name' | 'type' | 'get'>;

/** Fills a field definition with Salesforce's defaults for its type. */
export function defineField(spec: FieldSpec): FieldDef {
	const longText = spec.type === 'textarea' && (spec.length ?? 255) > 255;
	return {
		label: spec.name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ Id$/, ' ID'),
		length: defaultLength(spec.type),
		nillable: spec.type !== 'boolean' && spec.type !== 'id',
		filterable: !longText,
		sortable: !longText,
		referenceTo: [],
		relationshipName: null,
		picklistValues: [],
		...spec
	};
}

function defaultLength(type: FieldType): number {
	if (type === 'id' || type === 'reference') return 18;
	if (type === 'boolean' || type === 'datetime' || type === 'date' || type === 'int' || type === 'double')
		return 0;
	return 255;
}

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** Year, month (1-12) and day of a count of days since 1970-01-01 (proleptic Gregorian calendar). */
function civilFromDays(days: number): [number, number, number] {
	const z = days + 719_468;
	const era = Math.floor(z / 146_097);
	const dayOfEra = z - era * 146_097;
	const yearOfEra = Math.floor(
		(dayOfEra -
			Math.floor(dayOfEra / 1460) +
			Math.floor(dayOfEra / 36_524) -
			Math.floor(dayOfEra / 146_096)) /
			365
	);
	const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
	const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
	return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Formats epoch ms as a Salesforce date: 2024-01-15. */
export function formatDate(time: number): string {
	const [year, month, day] = civilFromDays(Math.floor(time / DAY_MS));
	return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

const dayPrefixes = new Map<number, string>();

/** "YYYY-MM-DDT" of a day number, cached (generated dates span a few thousand days). */
function dayPrefix(days: number): string {
	let prefix = dayPrefixes.get(days);
	if (prefix === undefined) {
		const [year, month, day] = civilFromDays(days);
		prefix = `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T`;
		if (dayPrefixes.size > 100_000) dayPrefixes.clear();
		dayPrefixes.set(days, prefix);
	}
	return prefix;
}

/** Formats epoch ms as a Salesforce date-time: 2024-01-15T10:20:30.000+0000 (fast: no Date objects). */
export function formatDateTime(time: number): string {
	const days = Math.floor(time / DAY_MS);
	let rest = time - days * DAY_MS;
	const hours = Math.floor(rest / 3_600_000);
	rest -= hours * 3_600_000;
	const minutes = Math.floor(rest / 60_000);
	rest -= minutes * 60_000;
	const seconds = Math.floor(rest / 1000);
	const millis = rest - seconds * 1000;
	return (
		`${dayPrefix(days)}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:` +
		`${TWO_DIGITS[seconds]}.${millis < 100 ? (millis < 10 ? '00' : '0') : ''}${millis}+0000`
	);
}

/** A date-time field whose value is computed as epoch ms. */
export function dateTimeField(
	spec: Omit<FieldSpec, 'type' | 'get'>,
	time: (row: number) => number | null
): FieldDef {
	return defineField({
		...spec,
		type: 'datetime',
		time,
		get: (row) => {
			const value = time(row);
			return value === null ? null : formatDateTime(value);
		}
	});
}

/** A date field whose value is computed as epoch ms at 00:00 UTC. */
export function dateField(
	spec: Omit<FieldSpec, 'type' | 'get'>,
	time: (row: number) => number | null
): FieldDef {
	return defineField({
		...spec,
		type: 'date',
		time,
		get: (row) => {
			const value = time(row);
			return value === null ? null : formatDate(value);
		}
	});
}

/**
 * A field whose values come from a fixed list: `indexOf` gives the index of a row's value. A field with
 * values `other` than the list's has `indexOf` give -1 for those rows.
 */
export function choiceField(
	spec: Omit<FieldSpec, 'get'>,
	values: readonly FieldValue[],
	indexOf: (row: number) => number,
	other?: Pick<FieldDef, 'get' | 'writeJson'>
): FieldDef {
	if (!other)
		return defineField({ ...spec, choice: { values, indexOf }, get: (row) => values[indexOf(row)] });
	const { get, writeJson } = other;
	return defineField({
		...spec,
		choice: { values, indexOf },
		writeJson,
		get: (row) => {
			const index = indexOf(row);
			return index < 0 ? get(row) : values[index];
		}
	});
}

/** The Id field of a table. */
export function idField(label: string, table: () => SObjectTable): FieldDef {
	return defineField({
		name: 'Id',
		label,
		type: 'id',
		get: (row) => table().idOf(row),
		writeJson: (row, out) => writeIdJson(table(), row, out)
	});
}

/** Appends the Id of `row` in `table` as a JSON string. */
export function writeIdJson(table: SObjectTable, row: number, out: JsonBytes): void {
	out.byte(QUOTE);
	table.writeId(row, out);
	out.byte(QUOTE);
}

/** A lookup to another table; `parentRow` gives the parent's row, and the Id follows from it. */
export function lookupField(
	spec: Omit<FieldSpec, 'type' | 'get'> & { relationshipName: string | null },
	target: () => SObjectTable,
	parentRow: (row: number) => number
): FieldDef {
	return defineField({
		...spec,
		type: 'reference',
		parentRow: spec.relationshipName === null ? undefined : parentRow,
		get: (row) => {
			const parent = parentRow(row);
			return parent < 0 ? null : target().idOf(parent);
		},
		writeJson: (row, out) => {
			const parent = parentRow(row);
			if (parent < 0) out.bytes(NULL_BYTES);
			else writeIdJson(target(), parent, out);
		}
	});
}

const QUOTE = 0x22;
const NULL_BYTES = jsonBytesOf('null');

/** Builds a table from its fields, with case-insensitive lookups by field and relationship name. */
export function defineTable(
	base: Omit<SObjectTable, 'field' | 'relationship' | 'liveCount' | 'isDeleted' | 'writeId'> &
		Partial<Pick<SObjectTable, 'liveCount' | 'isDeleted' | 'writeId'>>
): SObjectTable {
	const byName = new Map(base.fields.map((field) => [field.name.toLowerCase(), field]));
	const byRelationship = new Map(
		base.fields
			.filter((field) => field.relationshipName !== null && field.parentRow)
			.map((field) => [String(field.relationshipName).toLowerCase(), field])
	);
	return {
		isDeleted: () => false,
		liveCount: () => base.rowCount(),
		writeId: (row, out) => out.stringBody(base.idOf(row)),
		...base,
		field: (name) => byName.get(name.toLowerCase()),
		relationship: (name) => byRelationship.get(name.toLowerCase())
	};
}
