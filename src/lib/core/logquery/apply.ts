/** Runs a parsed filter line over run logs: each stage in the order written. */
import type { RunLog } from '../model';
import { findLogField, type LogField } from './fields';
import type { LogCondition, LogLiteral, LogQuery, LogSortKey, LogTimeWindow } from './types';

/** Filters, sorts and limits run logs by a query; `now` (epoch ms) anchors "during past …". */
export function applyLogQuery(query: LogQuery, logs: readonly RunLog[], now: number): RunLog[] {
	let result = [...logs];
	for (const stage of query.stages) {
		switch (stage.kind) {
			case 'filter': {
				const test = compileCondition(stage.condition);
				result = result.filter(test);
				break;
			}
			case 'window':
				result = result.filter(windowTest(stage.window, now));
				break;
			case 'sort':
				result = sortLogs(result, stage.keys);
				break;
			case 'limit':
				result = result.slice(0, stage.count);
				break;
		}
	}
	return result;
}

type LogTest = (log: RunLog) => boolean;

function fieldOf(name: string): LogField {
	const field = findLogField(name);
	if (!field) throw new Error(`Unknown run-log field "${name}".`);
	return field;
}

function compileCondition(condition: LogCondition): LogTest {
	switch (condition.kind) {
		case 'and': {
			const tests = condition.operands.map(compileCondition);
			return (log) => tests.every((test) => test(log));
		}
		case 'or': {
			const tests = condition.operands.map(compileCondition);
			return (log) => tests.some((test) => test(log));
		}
		case 'not': {
			const test = compileCondition(condition.operand);
			return (log) => !test(log);
		}
		case 'in': {
			const field = fieldOf(condition.field);
			const matchers = condition.values.map((value) => equalsTest(value, false));
			return (log) => {
				const value = field.read(log);
				return matchers.some((matches) => matches(value));
			};
		}
		case 'compare': {
			const field = fieldOf(condition.field);
			const test = valueTest(condition.operator, condition.value);
			return (log) => test(field.read(log));
		}
	}
}

type ValueTest = (value: string | number | null) => boolean;

function valueTest(operator: string, literal: LogLiteral): ValueTest {
	switch (operator) {
		case '==':
			return equalsTest(literal, true);
		case '=':
			return equalsTest(literal, false);
		case '!=': {
			const equals = equalsTest(literal, false);
			return (value) => !equals(value);
		}
		default:
			return orderingTest(operator, literal);
	}
}

function equalsTest(literal: LogLiteral, exact: boolean): ValueTest {
	switch (literal.kind) {
		case 'null':
			return (value) => value === null;
		case 'number':
			return (value) => value === literal.value;
		case 'time':
			return (value) => typeof value === 'number' && value >= literal.from && value < literal.to;
		case 'text': {
			if (exact) return (value) => value === literal.text;
			const pattern = wildcardPattern(literal.text);
			return (value) => value !== null && pattern.test(String(value));
		}
	}
}

function wildcardPattern(text: string): RegExp {
	const source = text
		.split('*')
		.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
		.join('.*');
	return new RegExp(`^${source}$`, 'is');
}

function orderingTest(operator: string, literal: LogLiteral): ValueTest {
	if (literal.kind !== 'number' && literal.kind !== 'time') return () => false;
	const below = literal.kind === 'time' ? literal.from : literal.value;
	const above = literal.kind === 'time' ? literal.to : literal.value;
	const compare: Record<string, (value: number) => boolean> = {
		'<': (value) => value < below,
		'<=': (value) => (literal.kind === 'time' ? value < above : value <= above),
		'>': (value) => (literal.kind === 'time' ? value >= above : value > above),
		'>=': (value) => value >= below
	};
	const test = compare[operator];
	return (value) => typeof value === 'number' && test(value);
}

function windowTest(window: LogTimeWindow, now: number): LogTest {
	if (window.kind === 'past') {
		const from = now - window.ms;
		return (log) => log.time >= from && log.time <= now;
	}
	const to = window.to ?? Number.POSITIVE_INFINITY;
	return (log) => log.time >= window.from && log.time < to;
}

function sortLogs(logs: RunLog[], keys: LogSortKey[]): RunLog[] {
	const readers = keys.map((key) => ({ field: fieldOf(key.field), direction: key.descending ? -1 : 1 }));
	return logs
		.map((log, index) => ({ log, index }))
		.sort((left, right) => {
			for (const { field, direction } of readers) {
				const order = compareValues(field.read(left.log), field.read(right.log), direction);
				if (order !== 0) return order;
			}
			return left.index - right.index;
		})
		.map((entry) => entry.log);
}

/** Nulls go last whatever the direction. */
function compareValues(
	left: string | number | null,
	right: string | number | null,
	direction: number
): number {
	if (left === right) return 0;
	if (left === null) return 1;
	if (right === null) return -1;
	if (typeof left === 'number' && typeof right === 'number') return (left - right) * direction;
	return String(left).localeCompare(String(right)) * direction;
}
