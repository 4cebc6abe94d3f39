/** JSONata highlighting for CodeMirror: a small stream tokenizer (strings, `names`, $variables, numbers, operators). */
import { StreamLanguage, type StringStream } from '@codemirror/language';

const KEYWORDS = /^(and|or|in|true|false|null|function)\b/;

function token(stream: StringStream): string | null {
	if (stream.eatSpace()) return null;
	if (stream.match('/*')) {
		while (!stream.eol() && !stream.match('*/')) stream.next();
		return 'comment';
	}
	const char = stream.peek();
	if (char === '"' || char === "'") {
		stream.next();
		let escaped = false;
		let next: string | void;
		while ((next = stream.next()) !== undefined) {
			if (next === char && !escaped) break;
			escaped = !escaped && next === '\\';
		}
		return 'string';
	}
	if (char === '`') {
		stream.next();
		if (stream.skipTo('`')) stream.next();
		else stream.skipToEnd();
		return 'propertyName';
	}
	if (stream.match(/^\$\$?[A-Za-z_]*\w*/)) return 'variableName';
	if (stream.match(/^-?\d+(\.\d+)?([eE][+-]?\d+)?/)) return 'number';
	if (stream.match(KEYWORDS)) return 'keyword';
	if (stream.match(/^[A-Za-z_]\w*/)) return 'propertyName';
	if (stream.match(/^(:=|!=|<=|>=|~>|\?:|\?\?|\.\.|[-+*/%&=<>!?:.,;|~^#@])/)) return 'operator';
	stream.next();
	return 'punctuation';
}

/** The JSONata language for CodeMirror. */
export const jsonataLanguage = StreamLanguage.define({ name: 'jsonata', token });
