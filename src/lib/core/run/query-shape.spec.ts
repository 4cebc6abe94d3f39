import { describe, expect, it } from 'vitest';
import type { MappingSpec } from '../model';
import { checkQueryShape, topLevelFields } from './query-shape';

const spec = (expression: string): MappingSpec => ({ identifier: { expression, kind: 'email' }, fields: [] });

describe('checkQueryShape', () => {
	it('accepts a User query that selects the identifier fields', () => {
		expect(checkQueryShape('SELECT Id, Email, Manager.Email FROM User', spec('$lowercase(Email)'))).toEqual(
			[]
		);
		expect(checkQueryShape('SELECT FIELDS(STANDARD) FROM User', spec('Email'))).toEqual([]);
	});

	it('reports another object, an aggregate and a missing identifier field', () => {
		expect(checkQueryShape('SELECT Id, Email FROM Contact', spec('Email')).map((p) => p.code)).toEqual([
			'QUERY_NOT_USER'
		]);
		expect(checkQueryShape('SELECT COUNT() FROM User', spec('Email')).map((p) => p.code)).toContain(
			'QUERY_NOT_USER'
		);
		expect(checkQueryShape('SELECT Id, Username FROM User', spec('Email ? Email : Username'))).toEqual([
			expect.objectContaining({ code: 'SF_INVALID_FIELD', field: 'Email' })
		]);
		expect(checkQueryShape('SELECT Id FROM', spec('Email'))[0].code).toBe('SF_MALFORMED_QUERY');
	});

	it('finds the top-level fields of an identifier expression', () => {
		expect(topLevelFields('Manager.Email')).toEqual(['Manager']);
		expect(topLevelFields('`Email`')).toEqual(['Email']);
		expect(topLevelFields('$.Username')).toEqual(['Username']);
		expect(topLevelFields('$trim(FederationIdentifier) & "@" & Profile.Name')).toEqual([
			'FederationIdentifier',
			'Profile'
		]);
	});
});
