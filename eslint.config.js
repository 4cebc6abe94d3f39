import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Layer boundaries of production code (tests and their support files may reach across):
 * core imports nothing outside core; store never imports the worker; routes and ui reach the worker only
 * through `worker/client` and the types-only `worker/protocol`; only the demo org's transport (the
 * worker's demo org, by a dynamic import) and tests import the emulator.
 */
const TESTS = ['**/*.spec.ts', '**/testing.ts'];
const emulator = {
	regex: '(^|/)emulator(/|$)',
	message: 'Only the demo transport and tests import the emulator.'
};
const outsideCore = (depth) => ({
	regex: `^(\\.\\./){${depth + 1}}|^\\$lib/(?!core/)|^\\$app/|^(svelte|dexie|comlink)(/|$)`,
	message: 'core imports nothing outside core (no DOM, Dexie, Svelte or Comlink either).'
});
const zone = (files, ...patterns) => ({
	files,
	ignores: TESTS,
	rules: { 'no-restricted-imports': ['error', { patterns }] }
});
const layerZones = [
	zone(['src/lib/**/*.ts', 'src/lib/**/*.svelte', 'src/routes/**/*.ts', 'src/routes/**/*.svelte'], emulator),
	zone(['src/lib/core/*.ts'], outsideCore(0)),
	zone(['src/lib/core/*/*.ts'], outsideCore(1)),
	zone(['src/lib/core/*/*/*.ts'], outsideCore(2)),
	zone(['src/lib/store/**/*.ts'], emulator, {
		regex: '(^|/)worker(/|$)',
		message: 'store never imports the worker.'
	}),
	zone(
		['src/lib/ui/**/*.ts', 'src/lib/ui/**/*.svelte', 'src/routes/**/*.ts', 'src/routes/**/*.svelte'],
		emulator,
		{
			regex: '(^|/)worker/(?!(client|protocol)$)',
			message: 'Pages reach the worker only through worker/client and the types-only worker/protocol.'
		}
	)
];

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'svelte/no-at-html-tags': 'error',
			'svelte/require-each-key': 'off',
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	...layerZones,
	{
		files: ['src/lib/emulator/**'],
		rules: { 'no-restricted-imports': 'off' }
	},
	{
		ignores: [
			'build/',
			'.e2e-build/',
			'.bench-build/',
			'.svelte-kit/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'.reports/',
			'tests/fixtures/'
		]
	}
);
