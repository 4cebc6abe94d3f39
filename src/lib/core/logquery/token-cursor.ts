/** Walking the tokens of a filter line, and failing at the exact position of a mistake. */
import type { Token } from './tokenizer';
import type { LogQueryError } from './types';

/** The first mistake of a filter line, thrown while parsing. */
export class ParseFailure {
	constructor(readonly error: LogQueryError) {}
}

/** A position in a filter line's tokens, with the checks a parser makes on the next token. */
export class TokenCursor {
	protected index = 0;

	constructor(
		protected readonly tokens: Token[],
		protected readonly textLength: number
	) {}

	protected expect(kind: Token['kind'], message: string): Token {
		const token = this.peek();
		if (!token || token.kind !== kind) return this.fail(token, message);
		this.index++;
		return token;
	}

	protected peek(): Token | undefined {
		return this.tokens[this.index];
	}

	protected atEnd(): boolean {
		return this.index >= this.tokens.length;
	}

	protected isWord(word: string): boolean {
		const token = this.peek();
		return token?.kind === 'word' && token.text.toLowerCase() === word;
	}

	protected isPunctuation(text: string): boolean {
		const token = this.peek();
		return token?.kind === 'punctuation' && token.text === text;
	}

	protected fail(token: Token | undefined, message: string): never {
		if (!token) {
			throw new ParseFailure({
				message: `Unexpected end of the query. ${message}`,
				position: this.textLength,
				length: 0
			});
		}
		throw new ParseFailure({ message, position: token.start, length: token.end - token.start });
	}
}
