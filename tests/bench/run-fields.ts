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
