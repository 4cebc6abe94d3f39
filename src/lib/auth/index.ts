/**
 * Sign-in to Salesforce from the browser: login hosts, PKCE, the other grants, the credential kinds,
 * session custody, the device secret box and the connection test.
 */
export * from './login-host';
export * from './server';
export * from './tokens';
export * from './pkce';
export * from './grants';
export * from './jwt-key';
export * from './kinds';
export * from './sessions';
export * from './remembered';
export * from './custody';
export * from './secret-box';
export * from './connection-test';
