import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type ConnectorDatabase } from './db';
import {
	connectorsUsing,
	createCredential,
	deleteCredential,
	ensureDemoCredential,
	newCredentialDraft,
	updateCredential
} from './credentials';

let db: ConnectorDatabase;

beforeEach(() => {
	db = createDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
});

const draft = () => ({
	...newCredentialDraft(),
	label: 'Acme',
	loginHost: { kind: 'mydomain' as const, url: 'https://acme.my.salesforce.com' },
	clientId: '3MVGacme'
});

describe('credential records', () => {
	it('creates a validated credential and refuses an empty name or a bad API version', async () => {
		const created = await createCredential(db, draft(), 5);
		expect(created).toMatchObject({ ok: true, value: { label: 'Acme', remember: false, createdAt: 5 } });
		expect(await createCredential(db, { ...draft(), label: '  ' })).toMatchObject({
			ok: false,
			error: { code: 'INVALID_INPUT', field: 'label' }
		});
		expect(await createCredential(db, { ...draft(), apiVersion: '66' })).toMatchObject({
			ok: false,
			error: { code: 'INVALID_INPUT', field: 'apiVersion' }
		});
		expect(await db.credentials.count()).toBe(1);
	});

	it('keeps what sign-in learnt unless the login host or app changes', async () => {
		const created = await createCredential(db, draft());
		if (!created.ok) throw new Error(created.error.message);
		const id = created.value.id;
		await db.credentials.update(id, {
			orgId: '00Dxx0000001gPL',
			instanceUrl: 'https://acme.my.salesforce.com'
		});
		await updateCredential(db, id, { ...draft(), label: 'Acme prod', apiVersion: '65.0' }, 9);
		expect(await db.credentials.get(id)).toMatchObject({
			label: 'Acme prod',
			orgId: '00Dxx0000001gPL',
			updatedAt: 9
		});
		await updateCredential(db, id, {
			...draft(),
			loginHost: { kind: 'mydomain', url: 'https://other.my.salesforce.com' }
		});
		expect(await db.credentials.get(id)).toMatchObject({ orgId: null, instanceUrl: null });
		expect(await updateCredential(db, 'missing', draft())).toMatchObject({ ok: false });
	});

	it('deletes a credential with its sealed secrets and counts the connectors using it', async () => {
		await ensureDemoCredential(db);
		const created = await createCredential(db, draft());
		if (!created.ok) throw new Error(created.error.message);
		const id = created.value.id;
		await db.secrets.put({
			id: `${id}:refreshToken`,
			credentialId: id,
			iv: new Uint8Array(12),
			data: new ArrayBuffer(8)
		});
		expect(await connectorsUsing(db, id)).toBe(0);
		await deleteCredential(db, id);
		expect(await db.credentials.get(id)).toBeUndefined();
		expect(await db.secrets.count()).toBe(0);
		expect(await db.credentials.get('demo')).toBeDefined();
	});
});
