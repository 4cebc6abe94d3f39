/**
 * Serves the Salesforce emulator over HTTP on 127.0.0.1 for end-to-end tests and benchmarks, with a
 * control API under /__emulator/ that only this test server has:
 *   GET    /__emulator                  → { instanceUrl, orgId, adminToken, users }
 *   GET    /__emulator/faults           → active fault rules
 *   POST   /__emulator/faults           ← a rule, an array of rules or { rules: [...] } (see faults.ts)
 *   DELETE /__emulator/faults           → removes every rule
 *   POST   /__emulator/changes          ← { added?, removed?, changed? } (counts) for org.applyChanges
 *   POST   /__emulator/clock            ← { now?: epoch ms, advanceMs?: ms } → { now }
 *   POST   /__emulator/usage            ← { used: n } sets the daily API count
 *   POST   /__emulator/token            ← { userId? } → { accessToken } (default the admin user)
 *   POST   /__emulator/sessions/revoke  → revokes every access and refresh token
 *   POST   /__emulator/reset            → clears faults, cursors, Bulk jobs and API usage; the admin token is live again
 *   POST   /__emulator/server-time      ← { baseMs?, msPer1000Records? } or { pageMs } → the model now in force
 * Run: npm run emulator -- --users N (see emulator-command-line.ts for every flag)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createEmulator, type Emulator, type EmulatorOptions } from '../src/lib/emulator';
import { isConnectionDropped, validateFaultRule, type FaultRule } from '../src/lib/emulator/faults';
import { serverTimeForPage } from '../src/lib/emulator/server-time';
import { parseCommandLine } from './emulator-command-line';

export { parseCommandLine } from './emulator-command-line';

/** Bytes of serialized pages the test server keeps for repeated queries unless told otherwise. */
export const SERVER_PAGE_CACHE_BYTES = 256 * 2 ** 20;

/**
 * Options of the test server: the emulator's options (instanceUrl comes from the port) and the port. The
 * page cache is on by default (SERVER_PAGE_CACHE_BYTES) so repeated benchmark runs measure the client.
 */
export interface EmulatorServerOptions extends Omit<EmulatorOptions, 'instanceUrl'> {
	/** TCP port on 127.0.0.1; default 0 (any free port). */
	port?: number;
	/**
	 * The network's distance to the org: every request, CORS preflights included, is answered this much
	 * later (its body's transfer is not slowed); default 0.
	 */
	roundTripMs?: number;
}

/** A running test server. */
export interface EmulatorServer {
	/** Instance URL, e.g. http://127.0.0.1:8787. */
	url: string;
	/** Access token of the org's admin user. */
	token: string;
	emulator: Emulator;
	close(): Promise<void>;
}

const CONTROL_PREFIX = '/__emulator';

function toRequest(incoming: IncomingMessage, baseUrl: string): Request {
	const headers = new Headers();
	for (const [name, value] of Object.entries(incoming.headers)) {
		if (Array.isArray(value)) for (const item of value) headers.append(name, item);
		else if (value !== undefined) headers.set(name, value);
	}
	const method = incoming.method ?? 'GET';
	const hasBody = method !== 'GET' && method !== 'HEAD';
	return new Request(baseUrl + (incoming.url ?? '/'), {
		method,
		headers,
		body: hasBody ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>) : undefined,
		duplex: 'half'
	} as RequestInit);
}

/**
 * Waits `ms` to a fraction of a millisecond, so that a page's server time is what the model says: a timer
 * (which can fire up to a millisecond late) for all but the last millisecond, then turns of the event loop,
 * which go on serving other requests, until the time is reached.
 */
export function preciseSleep(ms: number): Promise<void> {
	const deadline = performance.now() + ms;
	return new Promise((resolve) => {
		const check = () => (performance.now() >= deadline ? resolve() : setImmediate(check));
		if (ms > 1) setTimeout(check, ms - 1);
		else check();
	});
}

/** Resolves when the socket can take more data, or is gone. */
function drained(outgoing: ServerResponse): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			outgoing.off('drain', done);
			outgoing.off('close', done);
			resolve();
		};
		outgoing.on('drain', done);
		outgoing.on('close', done);
	});
}

async function sendResponse(outgoing: ServerResponse, response: Response): Promise<void> {
	const headers: Record<string, string | string[]> = {};
	response.headers.forEach((value, name) => {
		if (name !== 'set-cookie') headers[name] = value;
	});
	const cookies = response.headers.getSetCookie();
	if (cookies.length > 0) headers['set-cookie'] = cookies;
	if (!response.body) {
		if (!('content-length' in headers)) headers['content-length'] = '0';
		outgoing.writeHead(response.status, headers).end();
		return;
	}
	const reader = response.body.getReader();
	let headSent = false;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (!headSent) {
				outgoing.writeHead(response.status, headers);
				headSent = true;
			}
			if (done) break;
			if (outgoing.destroyed) {
				await reader.cancel();
				return;
			}
			if (!outgoing.write(value)) await drained(outgoing);
		}
		outgoing.end();
	} catch {
		outgoing.destroy();
	}
}

function controlJson(value: unknown, status = 200): Response {
	return new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });
}

async function readJson(request: Request): Promise<unknown> {
	const text = await request.text();
	return text.trim() === '' ? {} : JSON.parse(text);
}

/** Answers the control API of the test server. */
async function handleControl(emulator: Emulator, request: Request, path: string): Promise<Response> {
	const route = `${request.method} ${path.slice(CONTROL_PREFIX.length) || '/'}`;
	let body: unknown;
	try {
		body = request.method === 'POST' ? await readJson(request) : undefined;
	} catch {
		return controlJson({ error: 'the body is not valid JSON' }, 400);
	}
	const fields = (body ?? {}) as Record<string, unknown>;
	switch (route) {
		case 'GET /':
			return controlJson({
				instanceUrl: emulator.options.instanceUrl,
				orgId: emulator.org.orgId,
				adminToken: emulator.adminToken,
				users: emulator.org.userCount
			});
		case 'GET /faults':
			return controlJson(emulator.faults.list());
		case 'DELETE /faults':
			emulator.faults.clear();
			return controlJson({ ok: true });
		case 'POST /faults': {
			const rules = (
				Array.isArray(body) ? body : Array.isArray(fields.rules) ? fields.rules : [body]
			) as unknown[];
			const problems = rules.flatMap((rule, index) =>
				validateFaultRule(rule).map((text) => `rule ${index}: ${text}`)
			);
			if (problems.length > 0) return controlJson({ error: problems.join('; ') }, 400);
			emulator.faults.add(...(rules as FaultRule[]));
			return controlJson(emulator.faults.list());
		}
		case 'POST /changes':
			emulator.org.applyChanges(fields as Parameters<Emulator['org']['applyChanges']>[0]);
			return controlJson({ version: emulator.org.version, users: emulator.org.userCount });
		case 'POST /clock':
			if (typeof fields.now === 'number') emulator.clock.set(fields.now);
			if (typeof fields.advanceMs === 'number') emulator.clock.advance(fields.advanceMs);
			return controlJson({ now: emulator.clock.now() });
		case 'POST /usage':
			if (typeof fields.used !== 'number') return controlJson({ error: 'used must be a number' }, 400);
			emulator.usage.setUsed(fields.used);
			return controlJson({ used: emulator.usage.used(), max: emulator.usage.max });
		case 'POST /token':
			return controlJson({
				accessToken: emulator.issueToken(typeof fields.userId === 'string' ? fields.userId : undefined)
			});
		case 'POST /sessions/revoke':
			emulator.sessions.revokeAll();
			return controlJson({ ok: true });
		case 'POST /reset':
			emulator.reset();
			return controlJson({ ok: true });
		case 'POST /server-time': {
			const { pageMs, baseMs, msPer1000Records } = fields;
			if (typeof pageMs === 'number') emulator.setServerTime(serverTimeForPage(pageMs));
			if (typeof baseMs === 'number') emulator.setServerTime({ ...emulator.options.serverTime, baseMs });
			if (typeof msPer1000Records === 'number')
				emulator.setServerTime({ ...emulator.options.serverTime, msPer1000Records });
			return controlJson(emulator.options.serverTime);
		}
		default:
			return controlJson({ error: `no control route ${route}` }, 404);
	}
}

/** Starts the emulator on 127.0.0.1 and resolves once it answers. */
export async function startEmulatorServer(options: EmulatorServerOptions = {}): Promise<EmulatorServer> {
	const { port = 0, roundTripMs = 0, ...emulatorOptions } = options;
	let emulator: Emulator | null = null;
	let baseUrl = '';
	const server = createServer({ maxHeaderSize: 256 * 1024 }, (incoming, outgoing) => {
		void serve(incoming, outgoing);
	});

	async function serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
		if (!emulator) {
			outgoing.writeHead(503, { 'Retry-After': '1' }).end();
			return;
		}
		try {
			const request = toRequest(incoming, baseUrl);
			const path = (incoming.url ?? '/').split('?')[0];
			const control = path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
			if (roundTripMs > 0 && !control) await preciseSleep(roundTripMs);
			const response = control
				? await handleControl(emulator, request, path)
				: await emulator.handle(request);
			await sendResponse(outgoing, response);
		} catch (error) {
			if (isConnectionDropped(error)) {
				incoming.socket.destroy();
				return;
			}
			console.error('emulator server: unexpected error', error);
			if (!outgoing.headersSent) outgoing.writeHead(500, { 'Content-Type': 'text/plain' });
			outgoing.end('internal error');
		}
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const ready = createEmulator({
		pageCacheBytes: SERVER_PAGE_CACHE_BYTES,
		sleep: preciseSleep,
		...emulatorOptions,
		instanceUrl: baseUrl
	});
	emulator = ready;
	return {
		url: baseUrl,
		token: ready.adminToken,
		emulator: ready,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			})
	};
}

async function main(): Promise<void> {
	const options = parseCommandLine(process.argv.slice(2));
	const server = await startEmulatorServer(options);
	const { emulator } = server;
	console.log(`Salesforce emulator (${emulator.org.userCount} users, seed ${emulator.options.seed})`);
	console.log(`Instance URL: ${server.url}`);
	console.log(`Access token: ${server.token}`);
	console.log(`Admin user:   ${emulator.org.adminUser.Username}`);
	console.log(`CORS allowlist: ${emulator.options.corsAllowlist.join(', ')}`);
	console.log(
		`Try: curl -H "Authorization: Bearer ${server.token}" "${server.url}/services/data/v${emulator.ctx.latestApiVersion}/query?q=SELECT+Id,Name+FROM+User+LIMIT+5"`
	);
	const stop = () => void server.close().then(() => process.exit(0));
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	main().catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}
