/** SOQL errors with Salesforce's codes and message shapes (SALESFORCE.md §4). */

/** The error codes a query can fail with. */
export type SoqlErrorCode =
	| 'MALFORMED_QUERY'
	| 'INVALID_FIELD'
	| 'INVALID_TYPE'
	| 'QUERY_TIMEOUT'
	| 'INVALID_QUERY_FILTER_OPERATOR'
	| 'NUMBER_OUTSIDE_VALID_RANGE';

/** A query Salesforce would refuse, with the exact `message` and `errorCode` of its REST body. */
export class SoqlError extends Error {
	readonly errorCode: SoqlErrorCode;
	readonly status: number;
	readonly fields?: string[];
	/** 1-based row and column the message points at, when it points somewhere. */
	readonly row?: number;
	readonly column?: number;
	constructor(
		errorCode: SoqlErrorCode,
		message: string,
		details: { status?: number; fields?: string[]; row?: number; column?: number } = {}
	) {
		super(message);
		this.name = 'SoqlError';
		this.errorCode = errorCode;
		this.status = details.status ?? 400;
		if (details.fields) this.fields = details.fields;
		if (details.row !== undefined) this.row = details.row;
		if (details.column !== undefined) this.column = details.column;
	}

	/** The REST error body: `[{ message, errorCode, fields? }]`. */
	toBody(): { message: string; errorCode: string; fields?: string[] }[] {
		return [
			{ message: this.message, errorCode: this.errorCode, ...(this.fields ? { fields: this.fields } : {}) }
		];
	}
}

/** An error pointing at `offset` of the query: the query line, a caret, `ERROR at Row:R:Column:C`, the text. */
export function errorAt(
	soql: string,
	offset: number,
	errorCode: SoqlErrorCode,
	text: string,
	fields?: string[]
): SoqlError {
	const before = soql.slice(0, Math.max(0, offset));
	const row = before.split('\n').length;
	const lineStart = before.lastIndexOf('\n') + 1;
	const lineEnd = soql.indexOf('\n', lineStart);
	const line = soql.slice(lineStart, lineEnd < 0 ? soql.length : lineEnd).replace(/\r$/, '');
	const column = offset - lineStart + 1;
	const message = `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${text}`;
	return new SoqlError(errorCode, message, { row, column, ...(fields ? { fields } : {}) });
}

/** Salesforce's text for an unknown column. */
export function noSuchColumn(field: string, entity: string): string {
	return (
		`No such column '${field}' on entity '${entity}'. If you are attempting to use a custom field, be sure to ` +
		`append the '__c' after the custom field name. Please reference your WSDL or the describe call for the ` +
		`appropriate names.`
	);
}

/** Salesforce's text for an unknown relationship in a field path. */
export function unknownRelationship(relationship: string): string {
	return (
		`Didn't understand relationship '${relationship}' in field path. If you are attempting to use a custom ` +
		`relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL ` +
		`or the describe call for the appropriate names.`
	);
}

/** Salesforce's text for an unknown object. */
export function unsupportedType(name: string): string {
	return (
		`sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append ` +
		`the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
	);
}
