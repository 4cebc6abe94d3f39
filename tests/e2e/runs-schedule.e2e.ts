import { expect, test } from './fixtures';
import { demoConnector, putConnector, setDemoSize } from './runs-support';

test('an hourly schedule with two tabs open starts exactly one run per slot', async ({ page, context }) => {
	const base = new Date();
	base.setMinutes(58, 0, 0);
	await page.clock.install({ time: base });
	await setDemoSize(page, 200);
	await putConnector(
		page,
		demoConnector('sched', {
			schedule: { kind: 'hourly', everyHours: 1 },
			createdAt: base.getTime(),
			updatedAt: base.getTime()
		})
	);

	const second = await context.newPage();
	await second.clock.install({ time: base });
	await page.goto('/runs');
	await second.goto('/runs');
	await expect(page.getByTestId('schedules')).toContainText('Demo sched — Every hour: next run');

	// Nothing is due before the slot.
	await page.clock.runFor(20_000);
	await second.clock.runFor(20_000);
	await expect(page.getByText('No runs yet.')).toBeVisible();

	// Past the hour both tabs tick several times; only the leading tab starts the run, once.
	for (let tick = 0; tick < 5; tick++) {
		await page.clock.runFor(31_000);
		await second.clock.runFor(31_000);
	}
	await expect(page.getByTestId('runs-table').getByRole('row')).toHaveCount(2, { timeout: 30_000 });
	await expect(second.getByTestId('runs-table').getByRole('row')).toHaveCount(2);
	for (let tick = 0; tick < 3; tick++) {
		await page.clock.runFor(31_000);
		await second.clock.runFor(31_000);
	}
	const triggers = await page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve) => {
			const request = indexedDB.open('salesforce-user-connector');
			request.onsuccess = () => resolve(request.result);
		});
		const runs = await new Promise<{ trigger: string }[]>((resolve) => {
			const request = db.transaction('runs').objectStore('runs').getAll();
			request.onsuccess = () => resolve(request.result);
		});
		db.close();
		return runs.map((run) => run.trigger);
	});
	expect(triggers).toEqual(['schedule']);
});
