import { describe, expect, it } from 'vitest';
import { validateMapping } from '$lib/core/mapping';
import { backtickSource, expressionDiagnostics, plainTarget } from './mapping-fixes';

describe('backtickSource', () => {
	it('wraps names with spaces or reserved characters in backticks', () => {
		expect(backtickSource('Last Login')).toBe('`Last Login`');
		expect(backtickSource('Manager.Cost Centre')).toBe('Manager.`Cost Centre`');
	});

	it('leaves expressions that parse, or are not plain paths, alone', () => {
		expect(backtickSource('Manager.Email')).toBeNull();
		expect(backtickSource('$uppercase(Name')).toBeNull();
		expect(backtickSource('')).toBeNull();
	});
});

describe('plainTarget', () => {
	it('makes a plain field name', () => {
		expect(plainTarget('Cost centre (EU)')).toBe('Cost_centre_EU');
		expect(plainTarget('2nd email')).toBe('field_2nd_email');
	});
});

describe('expressionDiagnostics', () => {
	it('underlines the token at the problem position', () => {
		const expression = 'Email & & Name';
		const problems = validateMapping({ identifier: { expression, kind: 'email' }, fields: [] });
		const [diagnostic] = expressionDiagnostics(expression, problems);
		expect(diagnostic.severity).toBe('error');
		expect(diagnostic.from).toBeGreaterThan(0);
		expect(diagnostic.to).toBeGreaterThan(diagnostic.from);
		expect(diagnostic.to).toBeLessThanOrEqual(expression.length);
	});

	it('skips problems without a position', () => {
		expect(expressionDiagnostics('x', [{ target: 't', code: 'DUPLICATE_TARGET', message: 'm' }])).toEqual([]);
	});
});
