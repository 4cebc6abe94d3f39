/** Public surface of the Salesforce REST client. */
export * from './bulk';
export * from './client';
export * from './errors';
export * from './requests';
export * from './responses';
export * from './retry';
