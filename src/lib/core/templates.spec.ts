import { describe, expect, it } from 'vitest';
import { ConnectorSchema, validate } from './model';
import { topLevelFields } from './run/query-shape';
import { parseSoql } from './run/soql';
import { CONNECTOR_TEMPLATES, connectorFromTemplate, findTemplate, suggestNqlId } from './templates';

describe('templates', () => {
	it.each(CONNECTOR_TEMPLATES.map((template) => [template.name, template]))(
		'"%s" makes a connector the schema accepts, whose query selects every field its mapping reads (but the joined LatestLogin and the record URL)',
		(_name, template) => {
			const connector = connectorFromTemplate(template, {
				id: 'c1',
				name: template.name,
				nqlId: suggestNqlId(template.name),
				credentialId: 'demo',
				now: 1
			});
			expect(validate(ConnectorSchema, connector)).toEqual({ ok: true, value: connector });
			const query = parseSoql(template.soql);
			expect(query.sObject).toBe('User');
			const selected = new Set(
				(query.fields ?? []).map((field) =>
					field.type === 'Field' ? field.field : field.type === 'FieldRelationship' ? field.rawValue : ''
				)
			);
			const joined = (source: string) =>
				(template.latestLogin && source.startsWith('LatestLogin.')) || source === 'attributes.url';
			for (const field of template.mapping.fields)
				if (!joined(field.source)) expect(selected).toContain(field.source);
			for (const name of topLevelFields(template.mapping.identifier.expression))
				expect(selected).toContain(name);
		}
	);

	it('"All user attributes" reads manager, role, profile and licence through relationships', () => {
		const sources = findTemplate('All user attributes')!.mapping.fields.map((field) => field.source);
		expect(sources).toEqual(
			expect.arrayContaining(['Manager.Email', 'UserRole.Name', 'Profile.Name', 'Profile.UserLicense.Name'])
		);
		expect(new Set(sources).size).toBe(sources.length);
	});

	it('"Login activity" reads the latest login from LoginHistory, joined on UserId by the run', () => {
		const template = findTemplate('Login activity')!;
		expect(template.latestLogin).toBe(true);
		expect(template.mapping.fields.map((field) => field.source)).toEqual(
			expect.arrayContaining(['LatestLogin.Status', 'LatestLogin.LoginTime', 'LatestLogin.SourceIp'])
		);
		const connector = connectorFromTemplate(template, {
			id: 'c',
			name: 'Logins',
			nqlId: 'logins',
			credentialId: null,
			now: 1
		});
		expect(connector.latestLogin).toBe(true);
	});

	it('the template copy is independent of the template', () => {
		const template = CONNECTOR_TEMPLATES[1];
		const connector = connectorFromTemplate(template, {
			id: 'a',
			name: 'A',
			nqlId: 'a',
			credentialId: null,
			now: 0
		});
		connector.mapping.fields.pop();
		expect(template.mapping.fields.length).toBe(6);
	});
});

describe('suggestNqlId', () => {
	it('lowercases, joins words with _ and starts with a letter', () => {
		expect(suggestNqlId('All user attributes')).toBe('all_user_attributes');
		expect(suggestNqlId('  2024 Sales-Team (EMEA)! ')).toBe('sales_team_emea');
		expect(suggestNqlId('Zürich Ünits')).toBe('zurich_units');
		expect(suggestNqlId('!!!')).toBe('connector');
	});

	it('adds a number when the id is taken', () => {
		expect(suggestNqlId('Sales', ['sales', 'sales_2'])).toBe('sales_3');
	});

	it('always matches the model rule', () => {
		for (const name of ['a'.repeat(300), 'x y z', '_a', 'É'])
			expect(suggestNqlId(name)).toMatch(/^[a-z][a-z0-9_]{0,63}$/);
	});
});
