import { describe, expect, it } from 'vitest';
import { DEMO_CREDENTIAL_ID, demoCredential, isDemo } from './demo';

describe('isDemo', () => {
	it('knows the demo org by its credential, its id, or a connector without a credential', () => {
		expect(isDemo(demoCredential(1))).toBe(true);
		expect(isDemo({ ...demoCredential(1), kind: 'pkce' })).toBe(false);
		expect(isDemo(DEMO_CREDENTIAL_ID)).toBe(true);
		expect(isDemo(null)).toBe(true);
		expect(isDemo('cred-1')).toBe(false);
	});
});
