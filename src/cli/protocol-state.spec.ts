import { describe, expect, it } from 'vitest';
import { configuredSyncMode, cursorFromAirbyteState } from './airbyte';
import { credentialFrom, credentialFromEnvironment } from './credential';
import { catalogSelection, cursorFromSingerState } from './singer';

const stream = (metadata: Record<string, unknown>) => ({
	streams: [{ tap_stream_id: 'users', metadata: [{ breadcrumb: [], metadata }] }]
});

describe('what Singer and Airbyte runners hand the command', () => {
	it('reads a Singer catalog: selection and replication method', () => {
		expect(catalogSelection(null)).toBe('incremental');
		expect(catalogSelection(stream({ selected: true }))).toBe('incremental');
		expect(catalogSelection(stream({ selected: true, 'replication-method': 'FULL_TABLE' }))).toBe('full');
		expect(catalogSelection(stream({ 'selected-by-default': true }))).toBe('incremental');
		expect(catalogSelection(stream({ selected: false, 'selected-by-default': true }))).toBe('skip');
		expect(catalogSelection({ streams: [] })).toBe('skip');
	});

	it('reads the cursor from a Singer state, and ignores a state without one', () => {
		const state = {
			bookmarks: {
				users: {
					replication_key: 'SystemModstamp',
					replication_key_value: '2026-11-01T08:00:00.000Z',
					last_id: '005A'
				}
			}
		};
		expect(cursorFromSingerState(state)).toEqual({ systemModstamp: '2026-11-01T08:00:00.000Z', id: '005A' });
		expect(
			cursorFromSingerState({ bookmarks: { users: { replication_key_value: 'yesterday' } } })
		).toBeNull();
		expect(cursorFromSingerState(null)).toBeNull();
	});

	it('reads per-stream and legacy Airbyte states, and the configured sync mode', () => {
		const perStream = [
			{
				type: 'STREAM',
				stream: {
					stream_descriptor: { name: 'users' },
					stream_state: { SystemModstamp: '2026-11-01T08:00:00.000Z', Id: '005B' }
				}
			}
		];
		expect(cursorFromAirbyteState(perStream)).toEqual({
			systemModstamp: '2026-11-01T08:00:00.000Z',
			id: '005B'
		});
		expect(cursorFromAirbyteState({ data: { users: { SystemModstamp: '2026-11-02T00:00:00Z' } } })).toEqual({
			systemModstamp: '2026-11-02T00:00:00.000Z',
			id: ''
		});
		expect(
			cursorFromAirbyteState([
				{
					type: 'STREAM',
					stream: {
						stream_descriptor: { name: 'accounts' },
						stream_state: { SystemModstamp: '2026-11-01T08:00:00.000Z' }
					}
				}
			])
		).toBeNull();
		expect(configuredSyncMode({ streams: [{ stream: { name: 'users' }, sync_mode: 'incremental' }] })).toBe(
			'incremental'
		);
		expect(configuredSyncMode({ streams: [{ stream: { name: 'users' }, sync_mode: 'full_refresh' }] })).toBe(
			'full_refresh'
		);
		expect(configuredSyncMode({ streams: [] })).toBe('skip');
	});

	it('reads a credential from SF_* variables and lists every problem of a bad one', () => {
		expect(credentialFromEnvironment({})).toBeNull();
		const environment = {
			SF_CREDENTIAL_KIND: 'client_credentials',
			SF_LOGIN_URL: 'https://acme.my.salesforce.com',
			SF_CLIENT_ID: 'key',
			SF_CLIENT_SECRET: 's',
			SF_USERNAME: ''
		};
		expect(credentialFrom(credentialFromEnvironment(environment))).toEqual({
			ok: true,
			value: {
				kind: 'client_credentials',
				loginUrl: 'https://acme.my.salesforce.com',
				clientId: 'key',
				clientSecret: 's'
			}
		});
		const bad = credentialFrom({ kind: 'jwt', loginUrl: 'https://acme.my.salesforce.com', clientId: '' });
		expect(bad.ok).toBe(false);
		if (!bad.ok)
			expect(bad.problems.map((problem) => problem.path).sort()).toEqual([
				'clientId',
				'privateKeyFile',
				'username'
			]);
	});
});
