import { describe, expect, it } from 'vitest';
import { browserLoginUrl, explainLoginHost, loginHostUrl, normalizeMyDomain } from './login-host';

describe('login hosts', () => {
	it('maps each kind to its URL', () => {
		expect(loginHostUrl({ kind: 'production' })).toBe('https://login.salesforce.com');
		expect(loginHostUrl({ kind: 'sandbox' })).toBe('https://test.salesforce.com');
		expect(loginHostUrl({ kind: 'mydomain', url: 'https://acme.my.salesforce.com/' })).toBe(
			'https://acme.my.salesforce.com'
		);
		expect(loginHostUrl({ kind: 'demo' })).toBe('https://demo.my.salesforce.com');
	});

	it('requires the My Domain for browser token calls and says why (Q9)', () => {
		for (const kind of ['production', 'sandbox'] as const) {
			const explained = explainLoginHost({ kind });
			expect(explained.usable).toBe(false);
			expect(explained.message).toContain('My Domain');
			expect(explained.message).toContain('Enable CORS for OAuth endpoints');
			expect(browserLoginUrl({ kind })).toMatchObject({ ok: false, error: { code: 'AUTH_NEEDS_MY_DOMAIN' } });
		}
		expect(explainLoginHost({ kind: 'mydomain', url: 'https://acme.my.salesforce.com' }).usable).toBe(true);
		expect(explainLoginHost({ kind: 'mydomain', url: 'https://login.salesforce.com' }).usable).toBe(false);
		expect(browserLoginUrl({ kind: 'mydomain', url: 'https://acme.my.salesforce.com' })).toEqual({
			ok: true,
			value: 'https://acme.my.salesforce.com'
		});
	});

	it('turns what people paste into the My Domain URL', () => {
		const cases: [string, string][] = [
			['acme', 'https://acme.my.salesforce.com'],
			['acme--uat', 'https://acme--uat.sandbox.my.salesforce.com'],
			['acme.my.salesforce.com', 'https://acme.my.salesforce.com'],
			['https://acme.my.salesforce.com/lightning/setup', 'https://acme.my.salesforce.com'],
			['https://acme.lightning.force.com/lightning/page/home', 'https://acme.my.salesforce.com'],
			['https://acme--uat.sandbox.lightning.force.com', 'https://acme--uat.sandbox.my.salesforce.com'],
			['http://127.0.0.1:8787', 'http://127.0.0.1:8787']
		];
		for (const [input, expected] of cases)
			expect(normalizeMyDomain(input)).toEqual({ ok: true, value: expected });
		expect(normalizeMyDomain('https://login.salesforce.com')).toMatchObject({
			ok: false,
			error: { code: 'AUTH_NEEDS_MY_DOMAIN' }
		});
		expect(normalizeMyDomain('http://acme.example')).toMatchObject({
			ok: false,
			error: { code: 'INVALID_INPUT' }
		});
		expect(normalizeMyDomain('')).toMatchObject({ ok: false });
	});
});
