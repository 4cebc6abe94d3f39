#!/usr/bin/env node
/** Serves a built copy of the app as a static site in SPA mode: unknown paths get index.html. */
import { createServer } from 'node:http';
import sirv from 'sirv';

/** Starts the static server; resolves with its URL. */
export function serveStatic({ dir = 'build', host = '127.0.0.1', port = 4173 } = {}) {
	const assets = sirv(dir, { single: true, dev: false, etag: true, gzip: false, brotli: false });
	const server = createServer((request, response) => assets(request, response));
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			const address = /** @type {import('node:net').AddressInfo} */ (server.address());
			resolve({ url: `http://${host}:${address.port}`, server });
		});
	});
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [dir = 'build', port = '4173'] = process.argv.slice(2);
	const { url } = await serveStatic({ dir, port: Number(port) });
	console.log(`Serving ${dir} on ${url}`);
}
