import { describe, expect, it } from 'vitest';
import { readBody } from './body';
import { HEAD_CHARS } from './responses';

/** How a body streams: as bytes a reader can read into its own buffer (a fetch's body), or as parts. */
type StreamKind = 'bytes' | 'parts';

/** Closes a stream; a read waiting on a byte stream's buffer is then answered with none of it (as a fetch's body does). */
function closed(controller: ReadableStreamController<Uint8Array>): void {
	controller.close();
	if (controller instanceof ReadableByteStreamController) controller.byobRequest?.respond(0);
}

/** A response whose body comes in the given parts; each part after the first waits for `release`. */
function streamed(
	parts: (string | Uint8Array<ArrayBuffer>)[],
	release: Promise<void>,
	kind: StreamKind
): Response {
	const encoder = new TextEncoder();
	let index = 0;
	const source = {
		async pull(controller: ReadableStreamController<Uint8Array>) {
			if (index > 0) await release;
			if (index === parts.length) return closed(controller);
			const part = parts[index++];
			controller.enqueue(typeof part === 'string' ? encoder.encode(part) : part);
		}
	};
	const body =
		kind === 'bytes'
			? new ReadableStream({ type: 'bytes', ...source })
			: new ReadableStream<Uint8Array>(source);
	return new Response(body);
}

/** A text of ASCII characters only: the page's own characters written as escapes. */
const ASCII = /^[ -~]*$/;

describe.each<StreamKind>(['bytes', 'parts'])('readBody of a body streamed as %s', (kind) => {
	it('hands the head to the hook before the rest of the body has arrived, and returns the whole page', async () => {
		let arrive = () => {};
		const rest = new Promise<void>((resolve) => (arrive = resolve));
		const head = `{"done":false,"nextRecordsUrl":"/next","records":[${'1,'.repeat(HEAD_CHARS)}`;
		const tail = '"ä€😀"]}';
		const seen: string[] = [];
		const reading = readBody(streamed([head, tail], rest, kind), (text) => {
			seen.push(text);
			return false;
		});
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(seen).toEqual([head]);
		arrive();
		const text = await reading;
		expect(JSON.parse(text)).toEqual(JSON.parse(head + tail));
		expect(text).toMatch(ASCII);
		expect(seen).toHaveLength(1);
	});

	it('gives a body shorter than the head to the hook whole, multi-byte characters split across parts included', async () => {
		const seen: string[] = [];
		const bytes = new TextEncoder().encode('{"a":"ä€😀"}');
		const body = streamed(
			[...bytes].map((byte) => new Uint8Array([byte])),
			Promise.resolve(),
			kind
		);
		const text = await readBody(body, (head) => (seen.push(head), false));
		expect(JSON.parse(text)).toEqual({ a: 'ä€😀' });
		expect(seen).toEqual(['{"a":"ä€😀"}']);
	});

	it('decodes only the start of a body that arrives in one part for the hook, however its characters fall', async () => {
		for (const filler of ['a', 'ä', '€', '😀']) {
			const whole = `{"nextRecordsUrl":"/next","records":["${filler.repeat(HEAD_CHARS * 8)}"]}`;
			const seen: string[] = [];
			const text = await readBody(
				streamed([whole], Promise.resolve(), kind),
				(head) => (seen.push(head), false)
			);
			expect(JSON.parse(text)).toEqual(JSON.parse(whole));
			expect(seen).toHaveLength(1);
			expect(seen[0].length).toBeGreaterThanOrEqual(HEAD_CHARS);
			expect(seen[0].length).toBeLessThan(whole.length);
			expect(whole.startsWith(seen[0])).toBe(true);
		}
	});

	it('joins the parts of each body on its own when a shorter body follows a longer one', async () => {
		const pages = [
			`{"records":["${'é'.repeat(3000)}"]}`,
			'{"records":["a"]}',
			`{"records":["${'x'.repeat(900)}"]}`
		];
		for (const page of pages) {
			const parts = page.match(/[^]{1,700}/g) ?? [];
			expect(JSON.parse(await readBody(streamed(parts, Promise.resolve(), kind), () => false))).toEqual(
				JSON.parse(page)
			);
		}
	});

	it('reads a body longer than its first buffer, and bodies read at the same time each whole', async () => {
		const page = (letter: string, bytes: number) => `{"records":["${letter.repeat(bytes)}é"]}`;
		const pages = [page('a', 2_600_000), page('b', 1_200_000), page('c', 40_000)];
		let release = () => {};
		const released = new Promise<void>((resolve) => (release = resolve));
		const readings = pages.map((text) =>
			readBody(streamed(text.match(/[^]{1,300000}/g) ?? [], released, kind), () => false)
		);
		release();
		const texts = await Promise.all(readings);
		expect(texts.map((text) => JSON.parse(text))).toEqual(pages.map((text) => JSON.parse(text)));
	});

	it('fails with the stream, and reads the next body whole', async () => {
		let index = 0;
		const failing = new ReadableStream({
			type: kind === 'bytes' ? 'bytes' : undefined,
			pull(controller) {
				if (index++ === 0)
					controller.enqueue(new TextEncoder().encode(`{"records":[${'1,'.repeat(HEAD_CHARS)}`));
				else controller.error(new TypeError('network error'));
			}
		});
		await expect(readBody(new Response(failing), () => false)).rejects.toThrow('network error');
		const next = `{"records":["${'z'.repeat(5000)}"]}`;
		expect(await readBody(streamed([next], Promise.resolve(), kind), () => false)).toBe(next);
	});

	it('reads the text at once without a hook', async () => {
		expect(await readBody(new Response('{"done":true}'))).toBe('{"done":true}');
	});
});

describe('readBody of a byte stream', () => {
	it('reads into buffers of its own', async () => {
		const views: number[] = [];
		const page = `{"records":["${'q'.repeat(3 * HEAD_CHARS)}"]}`;
		let sent = false;
		const body = new ReadableStream({
			type: 'bytes',
			pull(controller) {
				const request = controller.byobRequest;
				if (sent || !request?.view) return closed(controller);
				views.push(request.view.byteLength);
				controller.enqueue(new TextEncoder().encode(page));
				sent = true;
			}
		});
		expect(await readBody(new Response(body), () => false)).toBe(page);
		expect(views.length).toBe(1);
		expect(views[0]).toBeGreaterThanOrEqual(page.length);
	});
});
