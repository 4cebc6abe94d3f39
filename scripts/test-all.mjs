#!/usr/bin/env node
/**
 * `npm test`: static checks, unit tests (Vitest), browser tests (Playwright on the built app), then one
 * closing line summing every suite: `N passed, N failed, N skipped`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const reports = '.reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

/** Runs a command with inherited output; returns whether it exited 0. */
function run(label, command, env = {}) {
	console.log(`\n=== ${label}: ${command}`);
	const result = spawnSync(command, { shell: true, stdio: 'inherit', env: { ...process.env, ...env } });
	return result.status === 0;
}

/** Reads a JSON report, or null when the suite wrote none. */
function readReport(file) {
	return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

/** Titles of the browser tests that failed and then passed on a retry. */
function flakyTitles(report) {
	const titles = [];
	const walk = (suite, path) => {
		for (const spec of suite.specs ?? []) {
			if (spec.tests.some((test) => test.status === 'flaky')) titles.push([...path, spec.title].join(' › '));
		}
		for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
	};
	for (const suite of report.suites ?? []) walk(suite, [suite.title]);
	return titles;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

if (!run('Static checks', 'npm run check')) {
	totals.failed += 1;
	problems.push('static checks (svelte-check, eslint, prettier) failed');
}

const unitOk = run(
	'Unit tests',
	`npx vitest run --reporter=default --reporter=json --outputFile.json=${reports}/vitest.json`
);
const unit = readReport(`${reports}/vitest.json`);
if (unit) {
	totals.passed += unit.numPassedTests;
	totals.failed += unit.numFailedTests;
	totals.skipped += unit.numPendingTests + unit.numTodoTests;
	if (!unitOk && unit.numFailedTests === 0) {
		totals.failed += 1;
		problems.push('unit test run failed outside any test (a file failed to load?)');
	}
} else {
	totals.failed += 1;
	problems.push('unit tests wrote no report');
}

const e2eOk = run('Browser tests', 'npm run test:e2e', { PW_JSON_REPORT: `${reports}/playwright.json` });
const e2e = readReport(`${reports}/playwright.json`);
if (e2e) {
	totals.passed += e2e.stats.expected + e2e.stats.flaky;
	totals.failed += e2e.stats.unexpected;
	totals.skipped += e2e.stats.skipped;
	for (const title of flakyTitles(e2e)) problems.push(`flaky (failed once, passed on retry): ${title}`);
	if (!e2eOk && e2e.stats.unexpected === 0) {
		totals.failed += 1;
		problems.push('browser test run failed outside any test (server or build?)');
	}
} else {
	totals.failed += 1;
	problems.push('browser tests wrote no report (build or Chromium missing?)');
}

for (const problem of problems) console.log(`! ${problem}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
