/**
 * Test support: one connector fixture, valid as stored, for tests to vary with overrides (a manual
 * connector on the demo org mapping every user by e-mail).
 */
import type { Connector } from './model';

/** A complete, valid connector; `overrides` replace whole fields. */
export function testConnector(overrides: Partial<Connector> = {}): Connector {
	return {
		id: 'c1',
		name: 'Everyone',
		nqlId: 'everyone',
		description: '',
		template: 'Custom',
		schedule: { kind: 'manual' },
		active: true,
		credentialId: 'demo',
		soql: 'SELECT Id, Email FROM User',
		userStatus: 'all',
		companyDomains: ['*'],
		batchSize: 2000,
		includeDeleted: false,
		latestLogin: false,
		mapping: { identifier: { expression: 'Email', kind: 'email' }, fields: [] },
		createdAt: 1,
		updatedAt: 1,
		...overrides
	};
}
