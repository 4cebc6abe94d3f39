#!/usr/bin/env node
/** `npm start`: builds the app and serves it on http://127.0.0.1:4173, opening on the built-in demo org. */
import { execSync } from 'node:child_process';
import { serveStatic } from './serve.mjs';

execSync('npx vite build', { stdio: 'inherit', env: { ...process.env, BUILD_DIR: 'build' } });
const port = Number(process.env.PORT ?? 4173);
const { url } = await serveStatic({ dir: 'build', port });
console.log(`\nSalesforce User Connector is running at ${url}/connectors\nPress Ctrl+C to stop.`);
