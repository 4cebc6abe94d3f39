import { defineConfig } from '@playwright/test';

/** Port of the test build (kept apart from `npm start`'s 4173); E2E_PORT_SHIFT moves every port of a run. */
const PORT_SHIFT = Number(process.env.E2E_PORT_SHIFT ?? 0);
export const APP_PORT = 4174 + PORT_SHIFT;
/** Port of the Salesforce emulator the browser tests talk to. */
export const EMULATOR_PORT = 8787 + PORT_SHIFT;
/** A port for an extra emulator a journey starts itself (`n` from 4 up, apart from the shared one's). */
export const extraEmulatorPort = (n: number) => EMULATOR_PORT + n;
/** The folder the test build is written to. */
export const E2E_BUILD_DIR = process.env.BUILD_DIR ?? '.e2e-build';
/** Its instance URL. */
export const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;
/** The admin access token the emulator is started with. */
export const EMULATOR_TOKEN = '00D000000000001AAA!e2eAdminAccessTokenForBrowserTests';

/** Flags for Debian's Chromium here: headless as root, no background traffic to the closed network. */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: 1,
	// On CI one retry absorbs a stall of the shared machine; `npm test` names every test that needed it.
	retries: process.env.CI ? 1 : 0,
	timeout: 120_000,
	expect: { timeout: 15_000 },
	reporter: process.env.PW_JSON_REPORT
		? [['list'], ['json', { outputFile: process.env.PW_JSON_REPORT }]]
		: [['list']],
	use: {
		baseURL: `http://127.0.0.1:${APP_PORT}`,
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: CHROMIUM_ARGS
		}
	},
	webServer: [
		{
			command: `node scripts/serve.mjs ${E2E_BUILD_DIR} ${APP_PORT}`,
			url: `http://127.0.0.1:${APP_PORT}/`,
			reuseExistingServer: false,
			timeout: 30_000
		},
		{
			command: `npx tsx tests/emulator-server.ts --users 20000 --port ${EMULATOR_PORT} --token ${EMULATOR_TOKEN} --allow-origin http://127.0.0.1:${APP_PORT}`,
			url: `${EMULATOR_URL}/services/data/`,
			reuseExistingServer: false,
			timeout: 60_000
		}
	]
});
