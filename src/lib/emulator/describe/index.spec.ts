import { describe, expect, it } from 'vitest';
import { createOrg } from '../data';
import { planQuery } from '../soql';
import { describeGlobal, describeSObject } from './index';

const org = createOrg({ users: 50, seed: 6 });

interface DescribedField {
	name: string;
	type: string;
	nillable: boolean;
	length: number;
	referenceTo: string[];
	relationshipName: string | null;
	filterable: boolean;
	sortable: boolean;
	custom: boolean;
	picklistValues: { value: string; label: string; active: boolean }[];
}

interface Described {
	name: string;
	label: string;
	keyPrefix: string;
	queryable: boolean;
	fields: DescribedField[];
	childRelationships: { childSObject: string; field: string; relationshipName: string | null }[];
	urls: Record<string, string>;
}

const describeUser = () => describeSObject(org, 'User', '65.0') as Described;

describe('describeSObject', () => {
	it('describes User with the field shape of SALESFORCE.md §3', () => {
		const user = describeUser();
		expect(user).toMatchObject({ name: 'User', label: 'User', keyPrefix: '005', queryable: true });
		expect(user.urls.describe).toBe('/services/data/v65.0/sobjects/User/describe');
		for (const field of user.fields)
			expect(Object.keys(field)).toEqual(
				expect.arrayContaining([
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
				])
			);
		const field = (name: string) => user.fields.find((candidate) => candidate.name === name);
		expect(field('Id')).toMatchObject({ type: 'id', nillable: false, custom: false });
		expect(field('Email')).toMatchObject({ type: 'email', length: 128, nillable: true });
		expect(field('IsActive')).toMatchObject({ type: 'boolean', nillable: false });
		expect(field('ManagerId')).toMatchObject({
			type: 'reference',
			referenceTo: ['User'],
			relationshipName: 'Manager'
		});
		expect(field('ProfileId')).toMatchObject({ referenceTo: ['Profile'], relationshipName: 'Profile' });
		expect(field('DelegatedApproverId')).toMatchObject({
			referenceTo: ['Group', 'User'],
			relationshipName: null
		});
		expect(field('CallCenterId')?.relationshipName).toBeNull();
		expect(field('AboutMe')).toMatchObject({ type: 'textarea', filterable: false, sortable: false });
		expect(field('UserType')?.picklistValues.map((value) => value.value)).toContain('AutomatedProcess');
		expect(user.childRelationships).toContainEqual(
			expect.objectContaining({ childSObject: 'User', field: 'ManagerId', relationshipName: 'ManagedUsers' })
		);
	});

	it('lists exactly the fields a query can select', () => {
		for (const name of [
			'User',
			'Profile',
			'UserRole',
			'UserLicense',
			'PermissionSetLicense',
			'LoginHistory'
		]) {
			const described = describeSObject(org, name, '65.0') as Described;
			const soql = `SELECT ${described.fields.map((field) => field.name).join(', ')} FROM ${name} LIMIT 1`;
			const [record] = planQuery(org, soql, { all: false, apiVersion: '65.0' }).page(0, 1);
			expect(Object.keys(record).slice(1)).toEqual(described.fields.map((field) => field.name));
		}
	});

	it('describes UserRole with ForecastUserId and finds objects case-insensitively', () => {
		const role = describeSObject(org, 'userrole', '62.0') as Described;
		expect(role.name).toBe('UserRole');
		expect(role.fields.find((field) => field.name === 'ForecastUserId')).toMatchObject({
			referenceTo: ['User'],
			relationshipName: 'ForecastUser'
		});
		expect(role.urls.sobject).toBe('/services/data/v62.0/sobjects/UserRole');
	});

	it('returns null for an unknown object', () => {
		expect(describeSObject(org, 'Userz', '65.0')).toBeNull();
	});
});

describe('describeGlobal', () => {
	it('lists every emulated object as queryable', () => {
		const global = describeGlobal(org, '65.0') as {
			encoding: string;
			sobjects: { name: string; queryable: boolean }[];
		};
		expect(global.encoding).toBe('UTF-8');
		expect(global.sobjects.map((entry) => entry.name)).toEqual([
			'User',
			'Profile',
			'UserRole',
			'UserLicense',
			'PermissionSetLicense',
			'LoginHistory'
		]);
		expect(global.sobjects.every((entry) => entry.queryable)).toBe(true);
	});
});
