import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	worker: { format: 'es' },
	optimizeDeps: { include: ['jsonata', 'dexie', 'comlink', '@jetstreamapp/soql-parser-js'] },
	test: {
		include: ['src/**/*.{test,spec}.ts', 'tests/unit/**/*.{test,spec}.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 30_000
	}
});
