import { describe, expect, it } from 'vitest';
import type { DescribeResult } from '$lib/core/salesforce';
import { jsonataOptions, queriedObject, soqlOptions, type SchemaSource } from './soql-completion';

const describes: Record<string, DescribeResult> = {
	User: {
		name: 'User',
		label: 'User',
		fields: [
			{ name: 'Id', label: 'User ID', type: 'id' },
			{ name: 'Email', label: 'Email', type: 'email' },
			{
				name: 'ManagerId',
				label: 'Manager ID',
				type: 'reference',
				referenceTo: ['User'],
				relationshipName: 'Manager'
			},
			{
				name: 'ProfileId',
				label: 'Profile ID',
				type: 'reference',
				referenceTo: ['Profile'],
				relationshipName: 'Profile'
			}
		]
	},
	Profile: {
		name: 'Profile',
		label: 'Profile',
		fields: [{ name: 'Name', label: 'Name', type: 'string' }]
	}
};

const schema: SchemaSource = {
	describe: async (name) => {
		return describes[name] ?? null;
	},
	objects: async () => ['User', 'Profile', 'LoginHistory']
};

async function labels(text: string, explicit = false) {
	const result = await soqlOptions(schema, text, text, explicit);
	return result && { from: result.from, labels: result.options.map((option) => option.label) };
}

describe('soqlOptions', () => {
	it('offers Manager.Email after "Manager." (one describe per level)', async () => {
		const text = 'SELECT Id, Manager.';
		const result = await labels(text);
		expect(result?.from).toBe(text.length);
		expect(result?.labels).toContain('Email');
		expect(result?.labels).toContain('Manager.');
	});

	it('offers the fields of the related object after a prefix', async () => {
		const result = await labels('SELECT Profile.Na');
		expect(result).toMatchObject({ from: 'SELECT Profile.'.length });
		expect(result?.labels).toContain('Name');
	});

	it('offers fields and relationship paths of the queried object', async () => {
		const result = await labels('SELECT Ma');
		expect(result?.labels).toEqual(expect.arrayContaining(['ManagerId', 'Manager.', 'Profile.', 'SELECT']));
	});

	it('offers object names after FROM', async () => {
		const result = await labels('SELECT Id FROM Lo');
		expect(result).toEqual({ from: 'SELECT Id FROM '.length, labels: ['User', 'Profile', 'LoginHistory'] });
	});

	it('offers nothing for an unknown relationship, or on an empty word unless asked', async () => {
		expect(await labels('SELECT Nope.')).toBeNull();
		expect(await labels('SELECT Id, ')).toBeNull();
		expect((await labels('SELECT Id, ', true))?.labels).toContain('Email');
	});

	it('reads the FROM object of the whole query', () => {
		expect(queriedObject('SELECT Name FROM Profile WHERE')).toBe('Profile');
		expect(queriedObject('SELECT Name')).toBe('User');
	});
});

describe('jsonataOptions', () => {
	it('offers User fields and the fields behind a relationship path', async () => {
		const top = await jsonataOptions(schema, '$uppercase(Ma', false);
		expect(top?.options.map((option) => option.label)).toContain('Manager.');
		const related = await jsonataOptions(schema, 'Manager.', false);
		expect(related).toMatchObject({ from: 'Manager.'.length });
		expect(related?.options.map((option) => option.label)).toContain('Email');
	});

	it('offers nothing inside a $function name or for an unknown relationship', async () => {
		expect(await jsonataOptions(schema, '$upper', false)).toBeNull();
		expect(await jsonataOptions(schema, 'Nope.', false)).toBeNull();
	});
});
