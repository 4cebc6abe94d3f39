import { describe, expect, it } from 'vitest';
import { appError } from '$lib/core/errors';
import { offsetOf, serverErrorDiagnostic, soqlSyntaxDiagnostics } from './soql-positions';

function underlined(text: string, range: { from: number; to: number }): string {
	return text.slice(range.from, range.to);
}

describe('soqlSyntaxDiagnostics', () => {
	it('is empty for a valid query', () => {
		expect(soqlSyntaxDiagnostics('SELECT Id, Manager.Email FROM User WHERE IsActive = true')).toEqual([]);
	});

	it('underlines the token the parser rejects', () => {
		const soql = 'SELECT Id, Name\nFROM User WHERE Name = = 1';
		const [problem] = soqlSyntaxDiagnostics(soql);
		expect(problem.severity).toBe('error');
		expect(soql.slice(0, problem.from).split('\n').length).toBe(2);
		expect(underlined(soql, problem)).toBe('=');
		expect(problem.from).toBe(soql.lastIndexOf('='));
	});

	it('underlines a misplaced keyword, not an earlier one', () => {
		const soql = 'SELECT Id, FROM User';
		expect(underlined(soql, soqlSyntaxDiagnostics(soql)[0])).toBe('FROM');
	});

	it('points at an unbalanced quote (Q10)', () => {
		const soql = "SELECT Id FROM User WHERE Name = 'abc";
		const [problem] = soqlSyntaxDiagnostics(soql);
		expect(problem.from).toBe(soql.indexOf("'"));
	});

	it('marks the end when the query stops too early', () => {
		const soql = 'SELECT Id FROM User WHERE';
		const [problem] = soqlSyntaxDiagnostics(soql);
		expect(problem.to).toBe(soql.length);
	});
});

describe('serverErrorDiagnostic', () => {
	const editor = 'SELECT Id, Email,\n  Bogus__c FROM User';
	const sent = 'SELECT Id, Email, Bogus__c FROM User WHERE IsActive = true LIMIT 5';

	it('maps an INVALID_FIELD row and column of the sent query onto the edited text', () => {
		const error = appError('SF_INVALID_FIELD', 'no such column', { row: 1, column: 19, field: 'Bogus__c' });
		const problem = serverErrorDiagnostic(editor, sent, error);
		expect(problem && underlined(editor, problem)).toBe('Bogus__c');
	});

	it('falls back to the field name when there is no position (Q11)', () => {
		const problem = serverErrorDiagnostic(
			editor,
			sent,
			appError('SF_INVALID_FIELD', 'x', { field: 'bogus__c' })
		);
		expect(problem && underlined(editor, problem)).toBe('Bogus__c');
		const path = serverErrorDiagnostic(
			'SELECT Manager.Nope FROM User',
			'',
			appError('SF_INVALID_FIELD', 'x', { field: 'Nope' })
		);
		expect(path).toMatchObject({ from: 7, to: 19 });
	});

	it('maps MALFORMED_QUERY to the same occurrence of the token', () => {
		const editorText = "SELECT Id FROM User WHERE Name = 'a' AND AND Email = 'b'";
		const sentText = "SELECT Id FROM User WHERE IsActive = true AND (Name = 'a' AND AND Email = 'b') LIMIT 5";
		const column = sentText.indexOf('AND AND') + 5;
		const problem = serverErrorDiagnostic(
			editorText,
			sentText,
			appError('SF_MALFORMED_QUERY', 'x', { row: 1, column })
		);
		expect(problem?.from).toBe(editorText.indexOf('AND AND') + 4);
	});

	it('ignores other errors', () => {
		expect(serverErrorDiagnostic('SELECT Id FROM User', '', appError('NETWORK', 'down'))).toBeNull();
	});

	it('offsetOf counts rows and columns from 1', () => {
		expect(offsetOf('ab\ncd', 2, 2)).toBe(4);
		expect(offsetOf('ab', 5, 1)).toBe(2);
	});
});
