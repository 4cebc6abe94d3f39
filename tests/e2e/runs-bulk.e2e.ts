import { expect, test } from './fixtures';
import { demoConnector, putConnector, runNow, setDemoSize } from './runs-support';

test('a 200,000-user demo run picks Bulk API 2.0, says why, is cancelled, resumed and ends with every user', async ({
	page
}) => {
	test.setTimeout(300_000);
	await setDemoSize(page, 200_000);
	await putConnector(page, demoConnector('bulk'));
	await runNow(page, 'Demo bulk');
	const retrieval = page.getByTestId('run-retrieval');
	await expect(retrieval).toContainText('Bulk API 2.0, 8 parallel result pages, 200,000 users', {
		timeout: 60_000
	});
	await expect(retrieval).toContainText(/job 750\w+/);
	await expect(page.getByTestId('run-received')).toContainText(/^[1-9][\d,]* \/ 200,000 received/, {
		timeout: 60_000
	});
	await page.getByRole('button', { name: 'Cancel run' }).click();
	await expect(page.getByTestId('run-status')).toHaveText('Cancelled', { timeout: 60_000 });
	await expect(page.getByTestId('run-description')).toContainText('Cancelled after page');

	await page.getByRole('button', { name: 'Resume run' }).click();
	await expect(page.getByTestId('run-status')).toHaveText('Success', { timeout: 240_000 });
	await expect(retrieval).toContainText('Bulk API 2.0');
	await expect(page.getByTestId('run-received')).toHaveText('200,000 / 200,000 received');
	await expect(page.getByTestId('run-processed')).toHaveText('200,000');
	await expect(page.getByTestId('results-count')).toHaveText('200,000 of 200,000 users', {
		timeout: 60_000
	});
});
