import { describe, expect, it } from 'vitest';
import { CONNECTOR_TEMPLATES, connectorFromTemplate } from '$lib/core/templates';
import { draftProblems } from './editor-state.svelte';

const connector = connectorFromTemplate(CONNECTOR_TEMPLATES[1], {
	id: 'c',
	name: 'Identity',
	nqlId: 'identity',
	credentialId: 'demo',
	now: 1
});

describe('draftProblems', () => {
	it('is empty for a template connector', () => {
		expect(draftProblems(connector)).toEqual([]);
	});

	it('lists schema, SOQL and mapping problems all at once', () => {
		const problems = draftProblems({
			...connector,
			name: '',
			soql: 'SELECT Id, FROM User',
			mapping: {
				identifier: { expression: 'Email & &', kind: 'email' },
				fields: [{ source: 'Name', target: 'Full name', description: '' }]
			}
		});
		const paths = problems.map((problem) => problem.path);
		expect(paths).toEqual(
			expect.arrayContaining(['name', 'soql', 'mapping (identifier)', 'mapping Full name'])
		);
		expect(problems.find((problem) => problem.path === 'soql')?.message).toMatch(/FROM/);
	});

	it('checks the query shape once the query parses', () => {
		const problems = draftProblems({ ...connector, soql: 'SELECT Id, Name FROM Profile' });
		expect(problems.map((problem) => problem.message).join('\n')).toMatch(/FROM User/);
		expect(problems.map((problem) => problem.message).join('\n')).toMatch(/Email/);
	});
});
