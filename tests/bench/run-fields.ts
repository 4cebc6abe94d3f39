import type { Connector } from '../../src/lib/core/model';

/** The 15 User fields the end-to-end benchmark selects. */
export const RUN_FIELDS = [
	'Id',
	'Username',
	'Email',
	'FirstName',
	'LastName',
	'Title',
	'Department',
	'Division',
	'CompanyName',
	'IsActive',
	'UserType',
	'Phone',
	'City',
	'Country',
	'EmployeeNumber'
];

/** The benchmarks' connector: those fields mapped one to one, the Username as the identifier. */
export function benchConnector(retrieval: NonNullable<Connector['retrieval']>): Connector {
	return {
		id: 'bench',
		name: 'Benchmark',
		nqlId: 'benchmark',
		description: '',
		template: 'Custom',
		schedule: { kind: 'manual' },
		active: true,
		credentialId: 'bench',
		soql: `SELECT ${RUN_FIELDS.join(', ')} FROM User`,
		userStatus: 'all',
		companyDomains: ['*'],
		batchSize: 2000,
		includeDeleted: false,
		latestLogin: false,
		retrieval,
		mapping: {
			identifier: { expression: 'Username', kind: 'upn' },
			fields: RUN_FIELDS.filter((field) => field !== 'Username').map((field) => ({
				source: field,
				target: field.toLowerCase(),
				description: ''
			}))
		},
		createdAt: 0,
		updatedAt: 0
	};
}
