/** Shared steps of the runs journeys: demo org size, connectors written straight into IndexedDB. */
import { expect, type Page } from '@playwright/test';

/** A connector on the demo org mapping a few awkward fields (formula titles, hostile AboutMe, URLs). */
export function demoConnector(id: string, overrides: Record<string, unknown> = {}) {
	const now = Date.now();
	return {
		id,
		name: `Demo ${id}`,
		nqlId: `demo_${id.replace(/[^a-z0-9]/g, '_')}`,
		description: '',
		template: 'Custom',
		schedule: { kind: 'manual' },
		active: true,
		credentialId: 'demo',
		soql: 'SELECT Id, Username, Email, Title, Department, AboutMe, FullPhotoUrl, LastModifiedDate FROM User',
		userStatus: 'all',
		companyDomains: ['*'],
		batchSize: 2000,
		includeDeleted: false,
		mapping: {
			identifier: { expression: 'Username', kind: 'email' },
			fields: [
				{ source: 'Email', target: 'email_address', description: '' },
				{ source: 'Title', target: 'job_title', description: '' },
				{ source: 'Department', target: 'department', description: '' },
				{ source: 'AboutMe', target: 'about', description: '' },
				{ source: 'FullPhotoUrl', target: 'photo', description: '' },
				{ source: 'LastModifiedDate', target: 'modified', description: '' }
			]
		},
		createdAt: now,
		updatedAt: now,
		...overrides
	};
}

/** Opens Settings (which opens the database) and sets the demo org's size. */
export async function setDemoSize(page: Page, users: number): Promise<void> {
	await page.goto('/settings');
	await page.getByLabel('Users').fill(String(users));
	await page.getByRole('button', { name: 'Set demo org size' }).click();
	await expect(page.getByTestId('demo-message')).toContainText('users');
}

/** Writes a connector record into the app's database (the page must have opened it). */
export async function putConnector(page: Page, connector: ReturnType<typeof demoConnector>): Promise<void> {
	await page.evaluate(async (record) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('salesforce-user-connector');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		await new Promise<void>((resolve, reject) => {
			const transaction = db.transaction('connectors', 'readwrite');
			transaction.objectStore('connectors').put(record);
			transaction.oncomplete = () => resolve();
			transaction.onerror = () => reject(transaction.error);
		});
		db.close();
	}, connector);
}

/** Starts a connector from the Connectors page and lands on its run page. */
export async function runNow(page: Page, name: string): Promise<void> {
	await page.goto('/connectors');
	await page
		.getByRole('row', { name: new RegExp(name) })
		.getByRole('button', { name: 'Run now' })
		.click();
	await page.waitForURL(/\/runs\/[0-9a-f-]+$/);
}

/** The browser saves with a link instead of the save dialog (no dialogs in tests). */
export async function withoutSavePicker(page: Page): Promise<void> {
	await page.addInitScript(() => {
		delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
	});
}
