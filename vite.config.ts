import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	// One file per worker (the demo org's emulator included), so the service worker's precache list,
	// which names Vite's output but not a worker's own chunks, holds everything the app needs offline.
	worker: { format: 'es', rolldownOptions: { output: { codeSplitting: false } } },
	optimizeDeps: { include: ['jsonata', 'dexie', 'comlink', '@jetstreamapp/soql-parser-js'] },
	test: {
		include: ['src/**/*.{test,spec}.ts', 'tests/unit/**/*.{test,spec}.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 30_000
	}
});
