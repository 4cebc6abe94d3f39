/** Public surface of the Salesforce REST client. */
export * from './client';
export * from './errors';
export * from './requests';
export * from './responses';
export * from './retry';
