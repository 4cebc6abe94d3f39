import { describe, expect, it } from 'vitest';
import { connectorFileName, connectorFromJson, connectorToJson } from './connector-io';
import { CONNECTOR_TEMPLATES, connectorFromTemplate } from './templates';

const connector = connectorFromTemplate(CONNECTOR_TEMPLATES[0], {
	id: 'c-1',
	name: 'All user attributes',
	nqlId: 'all_user_attributes',
	credentialId: 'demo',
	now: 1_700_000_000_000
});

describe('connector files', () => {
	it('round-trips a connector exactly', () => {
		expect(connectorFromJson(connectorToJson(connector))).toEqual({ ok: true, connector });
		expect(connectorFileName(connector)).toBe('all_user_attributes.connector.json');
	});

	it('reads a file with a byte-order mark', () => {
		expect(connectorFromJson('\uFEFF' + connectorToJson(connector)).ok).toBe(true);
	});

	it('refuses text that is not JSON', () => {
		const result = connectorFromJson('{"kind": ');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.problems[0].message).toMatch(/not valid JSON/);
	});

	it('lists every problem: wrong kind, unknown fields, wrong types (Q29)', () => {
		const file = JSON.parse(connectorToJson(connector));
		file.kind = 'something-else';
		file.extra = 1;
		file.connector.batchSize = 'many';
		file.connector.colour = 'blue';
		file.connector.mapping.identifier.kind = 'phone';
		const result = connectorFromJson(JSON.stringify(file));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const paths = result.problems.map((problem) => problem.path);
		expect(paths).toEqual(
			expect.arrayContaining([
				'kind',
				'extra',
				'connector.batchSize',
				'connector.colour',
				'connector.mapping.identifier.kind'
			])
		);
		expect(result.problems.find((problem) => problem.path === 'connector.colour')?.message).toBe(
			'unknown field'
		);
	});

	it('refuses a file without a connector, or an array', () => {
		expect(connectorFromJson('[]').ok).toBe(false);
		const missing = connectorFromJson(
			JSON.stringify({ kind: 'salesforce-user-connector/connector', version: 1 })
		);
		expect(missing).toEqual({ ok: false, problems: [{ path: 'connector', message: 'is missing' }] });
	});
});
