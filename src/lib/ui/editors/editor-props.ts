import type { SchemaSource } from './soql-completion';
import type { EditorDiagnostic } from './soql-positions';

/** What a code editor takes: its text, language, accessible name, completion schema and problems. */
export interface EditorProps {
	value: string;
	language: 'soql' | 'jsonata';
	/** Accessible name of the text box. */
	label: string;
	schema?: SchemaSource;
	diagnostics?: EditorDiagnostic[];
	testId?: string;
}
