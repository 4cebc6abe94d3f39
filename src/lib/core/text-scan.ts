/** Scanning text for the small tokenizers of the core (SOQL positions, the Runs filter line). */

/** The offset of the first character at or after `from` that is not white space (the text's length if none). */
export function skipWhitespace(text: string, from: number): number {
	let offset = from;
	while (offset < text.length && /\s/.test(text[offset])) offset++;
	return offset;
}
