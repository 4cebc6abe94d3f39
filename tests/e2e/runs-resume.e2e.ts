import { expect, test } from './fixtures';
import { demoConnector, putConnector, runNow, setDemoSize } from './runs-support';

test('a run interrupted by closing its tab is resumed from its checkpoint with no duplicates', async ({
	page,
	context
}) => {
	await setDemoSize(page, 60_000);
	// One cursor of 300 small pages: the run is still going when the tab closes, even on a slow machine.
	await putConnector(page, demoConnector('resume', { retrieval: 'rest', batchSize: 200 }));
	await runNow(page, 'Demo resume');
	const runUrl = page.url();
	await expect(page.getByTestId('run-received')).toContainText(/^[1-9][\d,]* \/ 60,000 received/);
	await page.close();

	const reopened = await context.newPage();
	await reopened.goto(runUrl);
	await expect(reopened.getByTestId('run-status')).toHaveText('Paused');
	await expect(reopened.getByTestId('run-description')).toContainText('Interrupted after page');
	await reopened.getByRole('button', { name: 'Resume run' }).click();
	await expect(reopened.getByTestId('run-status')).toHaveText('Success', { timeout: 120_000 });
	await expect(reopened.getByTestId('run-received')).toHaveText('60,000 / 60,000 received');
	await expect(reopened.getByTestId('run-processed')).toHaveText('60,000');
	await expect(reopened.getByTestId('results-count')).toHaveText('60,000 of 60,000 users', {
		timeout: 60_000
	});
});
