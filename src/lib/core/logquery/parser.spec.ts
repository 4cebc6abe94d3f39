import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLogQuery } from './parser';
import type { LogQuery } from './types';

function parsed(text: string): LogQuery {
	const result = parseLogQuery(text);
	if (!result.ok) throw new Error(`${result.error.message} at ${result.error.position}`);
	return result.query;
}

/** The error and the text it points at. */
function failure(text: string): { message: string; at: string; position: number } {
	const result = parseLogQuery(text);
	if (result.ok) throw new Error(`"${text}" parsed`);
	const { message, position, length } = result.error;
	return { message, position, at: text.slice(position, position + length) };
}

describe('parseLogQuery', () => {
	it('parses an empty line as no stages', () => {
		expect(parsed('   ')).toEqual({ stages: [], columns: null });
	});

	it('parses a condition followed by a time window', () => {
		expect(parsed('status == failure during past 24h')).toEqual({
			stages: [
				{
					kind: 'filter',
					condition: {
						kind: 'compare',
						field: 'status',
						operator: '==',
						value: { kind: 'text', text: 'failure' }
					}
				},
				{ kind: 'window', window: { kind: 'past', ms: 86_400_000 } }
			],
			columns: null
		});
	});

	it('parses a pipeline with where, sort and limit', () => {
		expect(
			parsed('where status != success | sort details.number_of_received_rows desc | limit 10').stages
		).toEqual([
			{
				kind: 'filter',
				condition: {
					kind: 'compare',
					field: 'status',
					operator: '!=',
					value: { kind: 'text', text: 'success' }
				}
			},
			{ kind: 'sort', keys: [{ field: 'details.number_of_received_rows', descending: true }] },
			{ kind: 'limit', count: 10 }
		]);
	});

	it('parses lists, "and" before "or", "not" and parentheses', () => {
		expect(
			parsed('status in [failure, partial] or not (duration > 2min and details.error_code == null)').stages
		).toEqual([
			{
				kind: 'filter',
				condition: {
					kind: 'or',
					operands: [
						{
							kind: 'in',
							field: 'status',
							values: [
								{ kind: 'text', text: 'failure' },
								{ kind: 'text', text: 'partial' }
							]
						},
						{
							kind: 'not',
							operand: {
								kind: 'and',
								operands: [
									{
										kind: 'compare',
										field: 'duration',
										operator: '>',
										value: { kind: 'number', value: 120 }
									},
									{ kind: 'compare', field: 'details.error_code', operator: '==', value: { kind: 'null' } }
								]
							}
						}
					]
				}
			}
		]);
	});

	it('reads a seed 000 query whole, with its table name and list', () => {
		const query = parsed(
			'platform.inbound_connector_logs during past 24h | where status == failure | list time, details.connector, details.name, details.error_description | sort time desc'
		);
		expect(query.columns).toEqual(['time', 'details.connector', 'details.name', 'details.description']);
		expect(query.stages.map((stage) => stage.kind)).toEqual(['window', 'filter', 'sort']);
	});

	it('reads dates as UTC ranges and honours zones', () => {
		expect(parsed('during from 2026-11-01 to 2026-11-02').stages[0]).toEqual({
			kind: 'window',
			window: { kind: 'range', from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 3) }
		});
		expect(parsed('time >= 2026-11-21T08:00+01:00').stages[0]).toMatchObject({
			condition: {
				value: { kind: 'time', from: Date.UTC(2026, 10, 21, 7, 0), to: Date.UTC(2026, 10, 21, 7, 1) }
			}
		});
	});

	it('accepts keywords and fields in any case and single-quoted text with escapes', () => {
		expect(parsed("WHERE Details.Name == 'O\\'Brien' | SORT time ASC").stages).toEqual([
			{
				kind: 'filter',
				condition: {
					kind: 'compare',
					field: 'details.name',
					operator: '==',
					value: { kind: 'text', text: "O'Brien" }
				}
			},
			{ kind: 'sort', keys: [{ field: 'time', descending: false }] }
		]);
	});

	it.each([
		[
			'details.nmae == "x"',
			'details.nmae',
			/^Unknown field "details.nmae"; known fields: time, status, details.name/
		],
		['status == failur', 'failur', /^Unknown status "failur"\. Expected a status: running, paused/],
		['status failure', 'failure', /^Expected an operator after status/],
		['status == failure |', '', /^Unexpected end of the query\. Expected a field name/],
		['status == failure status == success', 'status', /^Expected "and", "or", "during", "\|" or the end/],
		['sort time desc status', 'status', /^Expected "\|" or the end of the query\.$/],
		['during past 24', '24', /^Expected a duration after "past"/],
		['during yesterday', 'yesterday', /^Expected "past" or "from" after "during"/],
		[
			'details.number_of_processed_rows > many',
			'many',
			/^Expected a number for details.number_of_processed_rows/
		],
		['details.name > "a"', '>', /^details.name is text/],
		['time > 2026-02-30', '2026-02-30', /is not a valid date/],
		['time > yesterday', 'yesterday', /^Expected a date for time/],
		['sort time desc | limit ten', 'ten', /^Expected a whole number after "limit"/],
		['status in failure', 'failure', /^Expected "\[" after "in"/],
		['status in [failure partial]', 'partial', /^Expected "," or "\]"/],
		['(status == failure', '', /^Unexpected end of the query\. Expected "\)"/],
		['details.name == "HR', '"HR', /^Unterminated text: expected a closing "/],
		['status == failure & x', '&', /^Unexpected character "&"/],
		['== failure', '==', /^Expected a field name/]
	])('reports %j at the mistake', (text, at, message) => {
		const error = failure(text);
		expect(error.at).toBe(at);
		expect(error.message).toMatch(message);
	});

	it('reports the end of the text as the position of a missing part', () => {
		expect(failure('status ==')).toMatchObject({ position: 9, at: '' });
		expect(failure('status == failure | sort details.foo')).toMatchObject({
			position: 25,
			at: 'details.foo'
		});
	});

	it('never throws, and every error points inside the text (property)', () => {
		const piece = fc.constantFrom(
			'status',
			'time',
			'details.name',
			'duration',
			'==',
			'=',
			'!=',
			'>',
			'<=',
			'in',
			'[',
			']',
			',',
			'(',
			')',
			'|',
			'and',
			'or',
			'not',
			'where',
			'sort',
			'desc',
			'limit',
			'list',
			'during',
			'past',
			'from',
			'to',
			'24h',
			'10',
			'2026-11-21',
			'"HR*"',
			"'x",
			'failure',
			'null',
			'&',
			' ',
			'漢字'
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
				const text = pieces.join(' ');
				const result = parseLogQuery(text);
				if (result.ok) return;
				const { position, length } = result.error;
				expect(position).toBeGreaterThanOrEqual(0);
				expect(position + length).toBeLessThanOrEqual(text.length);
				expect(result.error.message.length).toBeGreaterThan(0);
			}),
			{ numRuns: 1000 }
		);
	});
});
