import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOrg } from '../data';
import { planQuery, SoqlError } from './index';

const org = createOrg({ users: 40, seed: 13 });

const HEADS = [
	'SELECT Id FROM User',
	'SELECT Id, Name FROM User',
	'SELECT COUNT() FROM User',
	'SELECT COUNT(Id) FROM User',
	'SELECT Name FROM UserLicense',
	'SELECT FIELDS(STANDARD) FROM Profile',
	'SELECT',
	''
];
const WORDS = [
	'WHERE',
	'AND',
	'OR',
	'NOT',
	'IN',
	'NOT IN',
	'LIKE',
	'ORDER BY',
	'ASC',
	'DESC',
	'NULLS FIRST',
	'NULLS LAST',
	'LIMIT',
	'OFFSET',
	'GROUP BY',
	'FROM',
	'Id',
	'Name',
	'Email',
	'IsActive',
	'CreatedDate',
	'Manager.Name',
	'ManagerId',
	'Profile.UserLicense.Name',
	'Nope',
	'AboutMe',
	'UsedLicenses',
	'=',
	'!=',
	'<',
	'>=',
	'(',
	')',
	',',
	'null',
	'true',
	"'a%'",
	"'x\\'y'",
	'5',
	'2.5',
	'-3',
	'2020-01-01',
	'2020-01-01T00:00:00Z',
	'TODAY',
	'LAST_N_DAYS:3',
	"'005000000000000AAA'",
	'2001',
	"'",
	'"',
	'\n'
];

describe('planQuery on arbitrary input', () => {
	it('either plans the query or throws a SoqlError with a Salesforce-shaped message', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...HEADS),
				fc.array(fc.constantFrom(...WORDS), { maxLength: 10 }),
				(head, words) => {
					const soql = [head, ...words].join(' ');
					try {
						const plan = planQuery(org, soql, { all: false, apiVersion: '65.0' });
						expect(plan.page(0, 5).length).toBeLessThanOrEqual(Math.min(5, plan.totalSize));
					} catch (error) {
						expect(error).toBeInstanceOf(SoqlError);
						const soqlError = error as SoqlError;
						expect(soqlError.status).toBe(400);
						expect(soqlError.message).toMatch(/^\n[^\n]*\n *\^\nERROR at Row:\d+:Column:\d+\n./);
					}
				}
			),
			{ numRuns: 2000, seed: 7 }
		);
	});

	it('plans well-formed queries built from valid parts', () => {
		const field = fc.constantFrom(
			'Id',
			'Name',
			'Email',
			'Title',
			'Manager.Email',
			'Profile.Name',
			'CreatedDate'
		);
		const condition = fc.constantFrom(
			'IsActive = true',
			"Email LIKE '%example%'",
			'ManagerId != null',
			"Department IN ('Sales', 'IT')",
			'CreatedDate < LAST_N_DAYS:30',
			"NOT Title = 'CFO'"
		);
		fc.assert(
			fc.property(
				fc.uniqueArray(field, { minLength: 1, maxLength: 5 }),
				fc.array(condition, { maxLength: 3 }),
				fc.constantFrom('AND', 'OR'),
				fc.option(field),
				fc.integer({ min: 0, max: 60 }),
				(fields, conditions, joiner, orderBy, limit) => {
					const where = conditions.length
						? ` WHERE ${conditions.map((c) => `(${c})`).join(` ${joiner} `)}`
						: '';
					const order = orderBy ? ` ORDER BY ${orderBy} DESC NULLS LAST` : '';
					const plan = planQuery(
						org,
						`SELECT ${fields.join(', ')} FROM User${where}${order} LIMIT ${limit}`,
						{
							all: false,
							apiVersion: '65.0'
						}
					);
					const records = plan.page(0, plan.totalSize);
					expect(records).toHaveLength(Math.min(limit, plan.totalSize));
					for (const record of records) expect(Object.keys(record)[0]).toBe('attributes');
				}
			),
			{ numRuns: 200, seed: 3 }
		);
	});
});
