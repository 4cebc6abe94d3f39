import { describe, expect, it } from 'vitest';
import { expectError, setupEmulator } from '../testing';

describe('describe', () => {
	it('describes User with the field shape of SALESFORCE.md', async () => {
		const { get } = setupEmulator();
		const response = await get('/services/data/v66.0/sobjects/User/describe');
		expect(response.status).toBe(200);
		const body = (await response.json()) as {
			name: string;
			keyPrefix: string;
			queryable: boolean;
			fields: Record<string, unknown>[];
		};
		expect(body).toMatchObject({ name: 'User', keyPrefix: '005', queryable: true });
		const manager = body.fields.find((field) => field.name === 'ManagerId');
		expect(manager).toMatchObject({ type: 'reference', referenceTo: ['User'], relationshipName: 'Manager' });
		for (const key of [
			'name',
			'label',
			'type',
			'nillable',
			'length',
			'referenceTo',
			'relationshipName',
			'filterable',
			'custom',
			'picklistValues'
		]) {
			expect(manager).toHaveProperty(key);
		}
	});

	it('retrieves one record by Id, with every standard field or the fields asked for', async () => {
		const { emulator, get } = setupEmulator();
		const admin = emulator.org.adminUser;
		const record = (await (await get(`/services/data/v66.0/sobjects/User/${admin.Id}`)).json()) as Record<
			string,
			unknown
		>;
		expect(record).toMatchObject({ attributes: { type: 'User' }, Id: admin.Id, Username: admin.Username });
		expect(Object.keys(record).length).toBeGreaterThan(40);
		const some = await (
			await get(`/services/data/v66.0/sobjects/User/${admin.Id}?fields=Email,Manager.Name`)
		).json();
		expect(Object.keys(some as object)).toEqual(['attributes', 'Email', 'Manager']);
		await expectError(
			await get(`/services/data/v66.0/sobjects/User/${admin.Id}?fields=Nope`),
			400,
			'INVALID_FIELD'
		);
		await expectError(
			await get(`/services/data/v66.0/sobjects/User/${admin.Id}?fields=Id FROM User`),
			400,
			'INVALID_FIELD'
		);
		await expectError(await get('/services/data/v66.0/sobjects/User/005000000000000AAA'), 404, 'NOT_FOUND');
		await expectError(await get("/services/data/v66.0/sobjects/User/x' OR Id != '"), 404, 'NOT_FOUND');
	});

	it('lists sobjects, describes the other objects, and answers 404 for unknown ones', async () => {
		const { get } = setupEmulator();
		const global = (await (await get('/services/data/v66.0/sobjects')).json()) as {
			sobjects: { name: string }[];
		};
		const names = global.sobjects.map((sobject) => sobject.name);
		expect(names).toEqual(
			expect.arrayContaining([
				'User',
				'Profile',
				'UserRole',
				'UserLicense',
				'PermissionSetLicense',
				'LoginHistory'
			])
		);
		for (const name of ['Profile', 'UserRole', 'LoginHistory']) {
			expect((await get(`/services/data/v66.0/sobjects/${name}/describe`)).status).toBe(200);
		}
		const basic = (await (await get('/services/data/v66.0/sobjects/User')).json()) as {
			objectDescribe: Record<string, unknown>;
		};
		expect(basic.objectDescribe.name).toBe('User');
		expect(basic.objectDescribe).not.toHaveProperty('fields');
		await expectError(await get('/services/data/v66.0/sobjects/Nothing__c/describe'), 404, 'NOT_FOUND');
		await expectError(
			await get('/services/data/v66.0/nowhere'),
			404,
			'NOT_FOUND',
			'The requested resource does not exist'
		);
	});
});
