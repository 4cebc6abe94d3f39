/** CodeMirror set-ups of the two editors: SOQL (highlighting, completion from describe) and JSONata. */
import {
	autocompletion,
	closeBrackets,
	closeBracketsKeymap,
	completionKeymap
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { SQLDialect } from '@codemirror/lang-sql';
import { lintKeymap } from '@codemirror/lint';
import type { Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { jsonataLanguage } from './jsonata-language';
import { jsonataCompletionSource, soqlCompletionSource, type SchemaSource } from './soql-completion';

/** The SOQL dialect: SQL highlighting with SOQL's keywords and date literals. */
const soqlDialect = SQLDialect.define({
	keywords:
		'select from where and or not in includes excludes like limit offset order by asc desc nulls first last ' +
		'group having typeof when then else end using scope with data category for view reference update all rows ' +
		'true false null today yesterday tomorrow last_n_days next_n_days this_week last_week this_month last_month',
	builtin:
		'count count_distinct avg min max sum fields tolabel format convertcurrency calendar_year day_only',
	caseInsensitiveIdentifiers: true
});

const shared: Extension[] = [
	history(),
	bracketMatching(),
	closeBrackets(),
	syntaxHighlighting(defaultHighlightStyle),
	EditorView.lineWrapping,
	keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
	EditorView.theme({
		'&': { border: '1px solid var(--border)', borderRadius: 'var(--radius)', background: 'var(--surface)' },
		'&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '1px' },
		'.cm-content': { fontFamily: 'var(--mono)', fontSize: '13.5px', padding: '0.35rem 0' },
		'.cm-line': { padding: '0 0.5rem' }
	})
];

/** SOQL editing with completion of objects, fields and relationship paths from `schema`. */
export function soqlExtensions(schema: SchemaSource): Extension[] {
	return [
		...shared,
		soqlDialect.language,
		autocompletion({ override: [soqlCompletionSource(schema)], activateOnTyping: true })
	];
}

/** JSONata editing with highlighting, and completion of User fields and relationship paths when `schema` is given. */
export function jsonataExtensions(schema?: SchemaSource): Extension[] {
	const completion = schema ? [autocompletion({ override: [jsonataCompletionSource(schema)] })] : [];
	return [...shared, jsonataLanguage, ...completion];
}
