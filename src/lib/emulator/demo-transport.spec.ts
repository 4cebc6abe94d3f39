import { describe, expect, it } from 'vitest';
import { createDemoFetch } from './demo-transport';
import { createEmulator, DEMO_INSTANCE_URL } from './index';

describe('demo transport', () => {
	const emulator = createEmulator({ users: 50, seed: 3 });
	const demoFetch = createDemoFetch(emulator);

	it('answers the demo instance URL from the handler', async () => {
		expect(emulator.options.instanceUrl).toBe(DEMO_INSTANCE_URL);
		const response = await demoFetch(
			`${DEMO_INSTANCE_URL}/services/data/v66.0/query?q=SELECT+Id,Name+FROM+User`,
			{
				headers: { Authorization: `Bearer ${emulator.adminToken}` }
			}
		);
		expect(response.status).toBe(200);
		const body = (await response.json()) as { totalSize: number; records: unknown[] };
		expect(body.totalSize).toBe(50);
		expect(body.records).toHaveLength(50);
	});

	it('takes Request objects and URL objects', async () => {
		const request = new Request(new URL('/services/data/', DEMO_INSTANCE_URL));
		expect((await demoFetch(request)).status).toBe(200);
	});

	it('fails like an unreachable host for any other URL', async () => {
		await expect(demoFetch('https://login.salesforce.com/services/data/')).rejects.toBeInstanceOf(TypeError);
	});

	it('honours an aborted signal', async () => {
		const controller = new AbortController();
		controller.abort(new DOMException('stopped', 'AbortError'));
		await expect(
			demoFetch(`${DEMO_INSTANCE_URL}/services/data/`, { signal: controller.signal })
		).rejects.toMatchObject({
			name: 'AbortError'
		});
	});

	it('turns a dropped connection into a rejected fetch', async () => {
		emulator.faults.add({ fault: { kind: 'dropConnection' }, on: 'api', times: 1 });
		const call = demoFetch(`${DEMO_INSTANCE_URL}/services/data/v66.0/limits`, {
			headers: { Authorization: `Bearer ${emulator.adminToken}` }
		});
		await expect(call).rejects.toBeInstanceOf(TypeError);
	});
});
