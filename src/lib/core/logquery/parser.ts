/**
 * The Runs filter line, in the spirit of seed 000's NQL: a pipeline of stages separated by `|`.
 *
 *   query      := [platform.inbound_connector_logs] [stage ('|' stage)*]
 *   stage      := ['where'] condition ['during' window] | 'during' window
 *               | 'sort' field ['asc'|'desc'] (',' field ['asc'|'desc'])* | 'limit' number
 *               | 'list' field (',' field)*
 *   condition  := and ('or' and)* ;  and := not ('and' not)* ;  not := 'not' not | '(' condition ')' | test
 *   test       := field operator value | field 'in' '[' value (',' value)* ']'
 *   window     := 'past' duration | 'from' date ['to' date]
 *
 * Values are checked against the field's type while parsing, so a mistake is reported where it is.
 */
import { findLogField, LOG_FIELDS, RUN_STATUSES, type LogField } from './fields';
import { dateRange, durationMs } from './literals';
import { ParseFailure, TokenCursor } from './token-cursor';
import { tokenize } from './tokenizer';
import type {
	CompareOperator,
	LogCondition,
	LogLiteral,
	LogQuery,
	LogQueryParseResult,
	LogQueryStage,
	LogSortKey,
	LogTimeWindow
} from './types';

/** The table name seed 000 queries start with; accepted and ignored. */
const SOURCE_TABLE = 'platform.inbound_connector_logs';

/** Parses a filter line into a query, or reports the first mistake at its exact position. */
export function parseLogQuery(text: string): LogQueryParseResult {
	const tokenized = tokenize(text);
	if (!tokenized.ok) return tokenized;
	try {
		return { ok: true, query: new Parser(tokenized.tokens, text.length).parseQuery() };
	} catch (thrown) {
		if (thrown instanceof ParseFailure) return { ok: false, error: thrown.error };
		throw thrown;
	}
}

class Parser extends TokenCursor {
	parseQuery(): LogQuery {
		const stages: LogQueryStage[] = [];
		let columns: string[] | null = null;
		if (this.isWord(SOURCE_TABLE)) this.index++;
		if (this.atEnd()) return { stages, columns };
		for (;;) {
			let expected = 'Expected "|" or the end of the query.';
			if (this.isWord('list')) {
				columns = this.parseList();
			} else {
				const parsed = this.parseStage();
				stages.push(...parsed);
				if (parsed[parsed.length - 1].kind === 'filter') {
					expected = 'Expected "and", "or", "during", "|" or the end of the query.';
				}
			}
			if (this.atEnd()) return { stages, columns };
			if (!this.isPunctuation('|')) this.fail(this.peek(), expected);
			this.index++;
		}
	}

	private parseStage(): LogQueryStage[] {
		if (this.isWord('during')) return [{ kind: 'window', window: this.parseDuring() }];
		if (this.isWord('sort')) return [this.parseSort()];
		if (this.isWord('limit')) return [this.parseLimit()];
		if (this.isWord('where')) this.index++;
		const condition = this.parseOr();
		const stages: LogQueryStage[] = [{ kind: 'filter', condition }];
		if (this.isWord('during')) stages.push({ kind: 'window', window: this.parseDuring() });
		return stages;
	}

	private parseDuring(): LogTimeWindow {
		this.index++;
		const token = this.peek();
		if (this.isWord('past')) {
			this.index++;
			const amount = this.expect('duration', 'Expected a duration after "past", such as 24h, 7d or 30min.');
			return { kind: 'past', ms: durationMs(amount) };
		}
		if (this.isWord('from')) {
			this.index++;
			const from = this.parseDate('Expected a date after "from", such as 2026-11-01 or 2026-11-01T08:00Z.');
			if (!this.isWord('to')) return { kind: 'range', from: from.from, to: null };
			this.index++;
			const to = this.parseDate('Expected a date after "to", such as 2026-11-30 or 2026-11-30T18:00Z.');
			return { kind: 'range', from: from.from, to: to.to };
		}
		return this.fail(token, 'Expected "past" or "from" after "during", as in "during past 24h".');
	}

	private parseSort(): LogQueryStage {
		this.index++;
		const keys: LogSortKey[] = [];
		do {
			if (keys.length > 0) this.index++;
			const field = this.parseField();
			let descending = false;
			if (this.isWord('desc') || this.isWord('asc')) {
				descending = this.isWord('desc');
				this.index++;
			}
			keys.push({ field: field.name, descending });
		} while (this.isPunctuation(','));
		return { kind: 'sort', keys };
	}

	private parseLimit(): LogQueryStage {
		this.index++;
		const token = this.peek();
		if (!token || token.kind !== 'number' || !/^\d+$/.test(token.text)) {
			return this.fail(token, 'Expected a whole number after "limit", such as limit 10.');
		}
		this.index++;
		return { kind: 'limit', count: Number(token.text) };
	}

	private parseList(): string[] {
		this.index++;
		const fields: string[] = [];
		do {
			if (fields.length > 0) this.index++;
			fields.push(this.parseField().name);
		} while (this.isPunctuation(','));
		return fields;
	}

	private parseOr(): LogCondition {
		const operands = [this.parseAnd()];
		while (this.isWord('or')) {
			this.index++;
			operands.push(this.parseAnd());
		}
		return operands.length === 1 ? operands[0] : { kind: 'or', operands };
	}

	private parseAnd(): LogCondition {
		const operands = [this.parseNot()];
		while (this.isWord('and')) {
			this.index++;
			operands.push(this.parseNot());
		}
		return operands.length === 1 ? operands[0] : { kind: 'and', operands };
	}

	private parseNot(): LogCondition {
		if (this.isWord('not')) {
			this.index++;
			return { kind: 'not', operand: this.parseNot() };
		}
		if (this.isPunctuation('(')) {
			this.index++;
			const condition = this.parseOr();
			if (!this.isPunctuation(')')) this.fail(this.peek(), 'Expected ")" to close the "(".');
			this.index++;
			return condition;
		}
		return this.parseTest();
	}

	private parseTest(): LogCondition {
		const field = this.parseField();
		const token = this.peek();
		if (this.isWord('in')) {
			this.index++;
			return { kind: 'in', field: field.name, values: this.parseValueList(field) };
		}
		if (!token || token.kind !== 'operator') {
			return this.fail(token, `Expected an operator after ${field.name}: ==, =, !=, <, <=, >, >= or in.`);
		}
		const operator = token.text as CompareOperator;
		const ordering = operator === '<' || operator === '<=' || operator === '>' || operator === '>=';
		if (ordering && (field.type === 'string' || field.type === 'status')) {
			this.fail(token, `${field.name} is text: compare it with ==, =, != or in.`);
		}
		this.index++;
		const value = this.parseValue(field, !ordering);
		return { kind: 'compare', field: field.name, operator, value };
	}

	private parseValueList(field: LogField): LogLiteral[] {
		if (!this.isPunctuation('['))
			this.fail(this.peek(), 'Expected "[" after "in", as in status in [failure, partial].');
		this.index++;
		const values = [this.parseValue(field, true)];
		while (this.isPunctuation(',')) {
			this.index++;
			values.push(this.parseValue(field, true));
		}
		if (!this.isPunctuation(']')) this.fail(this.peek(), 'Expected "," or "]" to end the list.');
		this.index++;
		return values;
	}

	private parseField(): LogField {
		const token = this.peek();
		if (!token || token.kind !== 'word') {
			return this.fail(token, 'Expected a field name, such as status, time or details.name.');
		}
		const field = findLogField(token.text);
		if (!field) {
			const known = LOG_FIELDS.map((candidate) => candidate.name).join(', ');
			return this.fail(token, `Unknown field "${token.text}"; known fields: ${known}.`);
		}
		this.index++;
		return field;
	}

	private parseValue(field: LogField, allowNull: boolean): LogLiteral {
		const token = this.peek();
		if (allowNull && token?.kind === 'word' && token.text.toLowerCase() === 'null') {
			this.index++;
			return { kind: 'null' };
		}
		switch (field.type) {
			case 'time': {
				const range = this.parseDate(
					`Expected a date for ${field.name}, such as 2026-11-21; for recent runs use "during past 24h".`
				);
				return { kind: 'time', from: range.from, to: range.to };
			}
			case 'number': {
				const number = this.expect('number', `Expected a number for ${field.name}.`);
				return { kind: 'number', value: Number(number.text) };
			}
			case 'duration': {
				if (token?.kind === 'number') {
					this.index++;
					return { kind: 'number', value: Number(token.text) };
				}
				const duration = this.expect(
					'duration',
					`Expected a duration for ${field.name}, such as 90s, 5min or 2h.`
				);
				return { kind: 'number', value: durationMs(duration) / 1000 };
			}
			case 'status':
				return this.parseStatus();
			case 'string': {
				if (!token || (token.kind !== 'string' && token.kind !== 'word' && token.kind !== 'number')) {
					return this.fail(token, `Expected a value for ${field.name}, such as "Sales*" or sales_users.`);
				}
				this.index++;
				return { kind: 'text', text: token.text };
			}
		}
	}

	private parseStatus(): LogLiteral {
		const token = this.peek();
		const expected = `Expected a status: ${RUN_STATUSES.join(', ')}.`;
		if (!token || (token.kind !== 'string' && token.kind !== 'word')) return this.fail(token, expected);
		const status = token.text.toLowerCase();
		if (!status.includes('*') && !RUN_STATUSES.includes(status)) {
			return this.fail(token, `Unknown status "${token.text}". ${expected}`);
		}
		this.index++;
		return { kind: 'text', text: status };
	}

	private parseDate(message: string): { from: number; to: number } {
		const token = this.expect('date', message);
		const range = dateRange(token.text);
		if (!range) return this.fail(token, `"${token.text}" is not a valid date or time.`);
		return range;
	}
}
