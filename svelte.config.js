import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Hosts the app may call. Salesforce only, unless the build is for the local test suite
 * (ALLOW_LOOPBACK=1), which talks to the emulator on 127.0.0.1.
 */
const connectSrc = ['self', 'https://*.salesforce.com', 'https://*.force.com'];
if (process.env.ALLOW_LOOPBACK === '1') connectSrc.push('http://127.0.0.1:*', 'http://localhost:*');

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({
			pages: process.env.BUILD_DIR ?? 'build',
			assets: process.env.BUILD_DIR ?? 'build',
			fallback: 'index.html',
			strict: true
		}),
		// Registered by the page (src/lib/ui/app-update.svelte.ts), which offers the reload when a new version waits.
		serviceWorker: { register: false },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'https:'],
				'connect-src': connectSrc,
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
