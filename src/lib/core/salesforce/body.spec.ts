import { describe, expect, it } from 'vitest';
import { readBody } from './body';
import { HEAD_CHARS } from './responses';

/** A response whose body comes in the given parts; each part after the first waits for `release`. */
function streamed(parts: string[], release: Promise<void>): Response {
	const encoder = new TextEncoder();
	let index = 0;
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			if (index > 0) await release;
			if (index === parts.length) return controller.close();
			controller.enqueue(encoder.encode(parts[index++]));
		}
	});
	return new Response(body);
}

/** A text of ASCII characters only: the page's own characters written as escapes. */
const ASCII = /^[ -~]*$/;

describe('readBody', () => {
	it('hands the head to the hook before the rest of the body has arrived, and returns the whole page', async () => {
		let arrive = () => {};
		const rest = new Promise<void>((resolve) => (arrive = resolve));
		const head = `{"done":false,"nextRecordsUrl":"/next","records":[${'1,'.repeat(HEAD_CHARS)}`;
		const tail = '"ä€😀"]}';
		const seen: string[] = [];
		const reading = readBody(streamed([head, tail], rest), (text) => {
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
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
				controller.close();
			}
		});
		const text = await readBody(new Response(body), (head) => (seen.push(head), false));
		expect(JSON.parse(text)).toEqual({ a: 'ä€😀' });
		expect(seen).toEqual(['{"a":"ä€😀"}']);
	});

	it('decodes only the start of a body that arrives in one part for the hook, however its characters fall', async () => {
		for (const filler of ['a', 'ä', '€', '😀']) {
			const whole = `{"nextRecordsUrl":"/next","records":["${filler.repeat(HEAD_CHARS * 8)}"]}`;
			const seen: string[] = [];
			const text = await readBody(streamed([whole], Promise.resolve()), (head) => (seen.push(head), false));
			expect(JSON.parse(text)).toEqual(JSON.parse(whole));
			expect(seen).toHaveLength(1);
			expect(seen[0].length).toBeGreaterThanOrEqual(HEAD_CHARS);
			expect(seen[0].length).toBeLessThan(whole.length);
			expect(whole.startsWith(seen[0])).toBe(true);
		}
	});

	it('reads the text at once without a hook', async () => {
		expect(await readBody(new Response('{"done":true}'))).toBe('{"done":true}');
	});
});
