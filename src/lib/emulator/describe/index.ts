/** Describe results of the emulated objects, in the shape of Salesforce's REST describe (SALESFORCE.md §3). */
import type { Org } from '../data';
import type { FieldDef, FieldType, SObjectTable } from '../data/schema';

const SOAP_TYPES: Record<FieldType, string> = {
	id: 'tns:ID',
	reference: 'tns:ID',
	string: 'xsd:string',
	textarea: 'xsd:string',
	email: 'xsd:string',
	url: 'xsd:string',
	phone: 'xsd:string',
	picklist: 'xsd:string',
	boolean: 'xsd:boolean',
	datetime: 'xsd:dateTime',
	date: 'xsd:date',
	int: 'xsd:int',
	double: 'xsd:double'
};

/** Child relationship names Salesforce gives the lookups of these objects. */
const CHILD_RELATIONSHIP_NAMES: Record<string, string> = {
	'User.ManagerId': 'ManagedUsers',
	'User.ProfileId': 'Users',
	'User.UserRoleId': 'Users',
	'Profile.UserLicenseId': 'Profiles'
};

function version(apiVersion: string): string {
	return apiVersion.replace(/^v/i, '');
}

function urls(table: SObjectTable, apiVersion: string) {
	const base = `/services/data/v${version(apiVersion)}/sobjects/${table.name}`;
	return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function describeField(field: FieldDef) {
	const text = ['string', 'textarea', 'email', 'url', 'phone', 'picklist'].includes(field.type);
	const system =
		/^(Id|CreatedDate|CreatedById|LastModifiedDate|LastModifiedById|SystemModstamp|IsDeleted)$/.test(
			field.name
		);
	return {
		name: field.name,
		label: field.label,
		type: field.type,
		soapType: SOAP_TYPES[field.type],
		length: text ? field.length : 0,
		byteLength: text || field.type === 'id' || field.type === 'reference' ? field.length * 3 : 0,
		precision: 0,
		scale: 0,
		digits: field.type === 'int' ? 9 : 0,
		nillable: field.nillable,
		custom: false,
		calculated: field.name === 'Name' && field.type === 'string' && field.length === 121,
		createable: !system && field.type !== 'id',
		updateable: !system && field.type !== 'id',
		defaultedOnCreate: field.type === 'boolean' || system,
		filterable: field.filterable,
		sortable: field.sortable,
		groupable: field.sortable && field.type !== 'datetime' && field.type !== 'double',
		idLookup: field.type === 'id' || field.name === 'Username' || field.name === 'Email',
		unique: field.name === 'Username',
		externalId: false,
		htmlFormatted: false,
		referenceTo: field.referenceTo,
		relationshipName: field.relationshipName,
		picklistValues: field.picklistValues.map((value, index) => ({
			active: true,
			defaultValue: index === 0 && field.name !== 'UserType',
			label: value,
			validFor: null,
			value
		}))
	};
}

/** The describe of one object (name case-insensitive), or null when the org has no such object. */
export function describeSObject(org: Org, name: string, apiVersion: string): object | null {
	const table = org.table(name);
	if (!table) return null;
	const childRelationships = org.tables().flatMap((child) =>
		child.fields
			.filter((field) => field.referenceTo.includes(table.name))
			.map((field) => ({
				cascadeDelete: false,
				childSObject: child.name,
				deprecatedAndHidden: false,
				field: field.name,
				relationshipName: CHILD_RELATIONSHIP_NAMES[`${child.name}.${field.name}`] ?? null,
				restrictedDelete: false
			}))
	);
	return {
		...globalEntry(table, apiVersion),
		fields: table.fields.map(describeField),
		childRelationships,
		recordTypeInfos: [],
		supportedScopes: [{ label: 'All users', name: 'everything' }]
	};
}

function globalEntry(table: SObjectTable, apiVersion: string) {
	const editable = table.name === 'User';
	return {
		name: table.name,
		label: table.label,
		labelPlural: table.labelPlural,
		keyPrefix: table.keyPrefix,
		custom: false,
		customSetting: false,
		activateable: false,
		createable: editable,
		updateable: editable,
		deletable: false,
		undeletable: false,
		mergeable: false,
		queryable: true,
		retrieveable: true,
		searchable: editable,
		layoutable: editable,
		replicateable: table.name !== 'LoginHistory',
		triggerable: editable,
		feedEnabled: editable,
		urls: urls(table, apiVersion)
	};
}

/** The describeGlobal result: every emulated object. */
export function describeGlobal(org: Org, apiVersion: string): object {
	return {
		encoding: 'UTF-8',
		maxBatchSize: 200,
		sobjects: org.tables().map((table) => globalEntry(table, apiVersion))
	};
}
