/**
 * SOQL completion from the org's describe: object names after FROM, and field names and relationship
 * paths elsewhere — `Manager.` offers the fields of the object Manager points to (User), one describe per
 * level.
 */
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { DescribeResult } from '$lib/core/salesforce';

/** Where completion gets the org's schema (cached by the caller). */
export interface SchemaSource {
	/** An object's describe, or null when it cannot be described. */
	describe(objectName: string): Promise<DescribeResult | null>;
	/** Names of the queryable objects. */
	objects(): Promise<string[]>;
}

const KEYWORDS = [
	'SELECT',
	'FROM',
	'WHERE',
	'AND',
	'OR',
	'NOT',
	'IN',
	'LIKE',
	'ORDER BY',
	'LIMIT',
	'NULLS LAST'
];

/** The object a query reads (its FROM), User when there is none yet. */
export function queriedObject(soql: string): string {
	return /\bFROM\s+([A-Za-z_]\w*)/i.exec(soql)?.[1] ?? 'User';
}

/** Follows relationship names from `root` through describes; null when a link is unknown. */
async function resolveRelationships(
	schema: SchemaSource,
	root: string,
	relationships: string[]
): Promise<DescribeResult | null> {
	let current = await schema.describe(root);
	for (const name of relationships) {
		if (!current) return null;
		const link = current.fields.find(
			(field) => field.relationshipName?.toLowerCase() === name.toLowerCase() && field.referenceTo?.length
		);
		if (!link?.referenceTo) return null;
		current = await schema.describe(link.referenceTo[0]);
	}
	return current;
}

function fieldOptions(describe: DescribeResult): Completion[] {
	const options: Completion[] = [];
	for (const field of describe.fields) {
		options.push({ label: field.name, detail: `${field.type} · ${field.label}`, type: 'property' });
		if (field.relationshipName && field.referenceTo?.length)
			options.push({
				label: `${field.relationshipName}.`,
				detail: `→ ${field.referenceTo.join(', ')}`,
				type: 'class',
				boost: -1
			});
	}
	return options;
}

/** Completion options for the text before the cursor: `from` is the offset the options replace from. */
export async function soqlOptions(
	schema: SchemaSource,
	fullText: string,
	before: string,
	explicit: boolean
): Promise<{ from: number; options: Completion[] } | null> {
	const path = /[A-Za-z_][\w.]*$|$/.exec(before)![0];
	if (!path && !explicit) return null;
	if (/\bFROM\s+[\w]*$/i.test(before)) {
		const objects = await schema.objects();
		return {
			from: before.length - path.length,
			options: objects.map((name) => ({ label: name, type: 'type' }))
		};
	}
	const segments = path.split('.');
	const prefix = segments.pop() ?? '';
	const target = await resolveRelationships(schema, queriedObject(fullText), segments);
	if (!target) return null;
	const options = fieldOptions(target);
	if (segments.length === 0)
		options.push(...KEYWORDS.map((keyword) => ({ label: keyword, type: 'keyword', boost: -2 })));
	return { from: before.length - prefix.length, options };
}

/** Completion of record paths in a JSONata expression over one User record (no keywords, no objects). */
export async function jsonataOptions(
	schema: SchemaSource,
	before: string,
	explicit: boolean
): Promise<{ from: number; options: Completion[] } | null> {
	const path = /[A-Za-z_][\w.]*$|$/.exec(before)![0];
	if ((!path && !explicit) || /\$[\w.]*$/.test(before)) return null;
	const segments = path.split('.');
	const prefix = segments.pop() ?? '';
	const target = await resolveRelationships(schema, 'User', segments);
	return target && { from: before.length - prefix.length, options: fieldOptions(target) };
}

/** The CodeMirror completion source of JSONata sources over the User describe. */
export function jsonataCompletionSource(schema: SchemaSource) {
	return async (context: CompletionContext): Promise<CompletionResult | null> => {
		const found = await jsonataOptions(schema, context.state.sliceDoc(0, context.pos), context.explicit);
		return found && { from: found.from, options: found.options, validFor: /^\w*$/ };
	};
}

/** The CodeMirror completion source over a schema. */
export function soqlCompletionSource(schema: SchemaSource) {
	return async (context: CompletionContext): Promise<CompletionResult | null> => {
		const before = context.state.sliceDoc(0, context.pos);
		const found = await soqlOptions(schema, context.state.doc.toString(), before, context.explicit);
		if (!found) return null;
		return { from: found.from, options: found.options, validFor: /^\w*$/ };
	};
}
