/** Shared steps of the sign-in journeys: the credential form, the emulator's login page, tokens and storage. */
import type { BrowserContext, Page } from '@playwright/test';
import { EMULATOR_TOKEN, EMULATOR_URL } from '../../playwright.config';
import { expect } from './fixtures';

/** What the credential form asks for. */
export interface CredentialInput {
	label: string;
	kind: string;
	myDomain?: string;
	hostKind?: 'Production' | 'Sandbox' | 'My Domain URL';
	clientId?: string;
	username?: string;
	remember?: boolean;
}

/** Creates a credential through the form and waits for its page. */
export async function createCredential(page: Page, input: CredentialInput): Promise<void> {
	await page.goto('/credentials?new');
	await page.getByLabel('Name', { exact: true }).fill(input.label);
	await page.getByLabel('Kind', { exact: true }).selectOption(input.kind);
	if (input.hostKind) await page.getByLabel(input.hostKind, { exact: false }).check();
	if (input.myDomain !== undefined) await page.getByLabel('My Domain address').fill(input.myDomain);
	if (input.clientId !== undefined) await page.getByLabel('Consumer key (client id)').fill(input.clientId);
	if (input.username !== undefined) await page.getByLabel('Username', { exact: true }).fill(input.username);
	if (input.remember) await page.getByLabel('Remember on this device').check();
	await page.getByRole('button', { name: 'Save credential' }).click();
	await expect(page).toHaveURL(/\/credentials\?id=/);
	await expect(page.getByRole('heading', { name: input.label })).toBeVisible();
}

/** The username of the admin user of an emulator (from userinfo with its admin token). */
export async function adminUsername(instanceUrl = EMULATOR_URL, token = EMULATOR_TOKEN): Promise<string> {
	const response = await fetch(`${instanceUrl}/services/oauth2/userinfo`, {
		headers: { Authorization: `Bearer ${token}` }
	});
	const body = (await response.json()) as { preferred_username: string };
	return body.preferred_username;
}

/** Fills the emulator's login page and allows access. */
export async function logInOnSalesforce(page: Page, username: string, password = 'emulator-password') {
	await expect(page.getByRole('heading', { name: 'Log in to Salesforce' })).toBeVisible();
	await page.getByLabel('Username', { exact: true }).fill(username);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Allow' }).click();
}

/** Records the access tokens the token endpoint hands out (the worker's responses, seen by the browser). */
export function recordIssuedTokens(context: BrowserContext): string[] {
	const tokens: string[] = [];
	context.on('response', async (response) => {
		if (!response.url().endsWith('/services/oauth2/token') || response.request().method() !== 'POST') return;
		const body = (await response.json().catch(() => null)) as { access_token?: string } | null;
		if (body?.access_token) tokens.push(body.access_token);
	});
	return tokens;
}

/** The HTTP status of a REST call with this token. */
export async function apiStatus(token: string, instanceUrl = EMULATOR_URL): Promise<number> {
	const response = await fetch(`${instanceUrl}/services/data/v66.0/limits`, {
		headers: { Authorization: `Bearer ${token}` }
	});
	return response.status;
}

/** Everything the page stored: localStorage, sessionStorage and every IndexedDB store, as text. */
export function dumpBrowserStorage(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const parts: string[] = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
		const text = (value: unknown) =>
			JSON.stringify(value, (_key, item) =>
				item instanceof ArrayBuffer || ArrayBuffer.isView(item)
					? Array.from(new Uint8Array(item instanceof ArrayBuffer ? item : item.buffer), (byte) =>
							String.fromCharCode(byte)
						).join('')
					: item
			);
		for (const info of await indexedDB.databases()) {
			if (!info.name) continue;
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open(info.name as string);
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			for (const name of Array.from(db.objectStoreNames)) {
				const rows = await new Promise<unknown[]>((resolve, reject) => {
					const request = db.transaction(name).objectStore(name).getAll();
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				});
				parts.push(`${name}:${text(rows)}`);
			}
			db.close();
		}
		return parts.join('\n');
	});
}

/** An access token as Salesforce shapes them: org id, "!", session. */
export const ACCESS_TOKEN_PATTERN = /00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]{20,}/;
