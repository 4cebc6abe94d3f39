/**
 * Reading a response body as it streams in, so that a query page's head (its `nextRecordsUrl` comes before
 * its records) can start the next request while the rest of the page is still arriving.
 */
import { nextMacrotask } from './abortable';
import { jsonTextOf } from './json-text';
import { HEAD_CHARS } from './responses';

/**
 * A response's text. With `onHead` the body is a JSON query page: the hook sees the first HEAD_CHARS
 * characters (or the whole of a shorter body) as soon as they have arrived, and when it says it started a
 * request, that request reaches the transport before the rest is read; the text is then the page's JSON
 * with non-ASCII characters as escapes (jsonTextOf), which JSON.parse reads to the same value.
 */
export async function readBody(response: Response, onHead?: (head: string) => boolean): Promise<string> {
	if (!onHead || !response.body) return response.text();
	const reader = response.body.getReader();
	const headDecoder = new TextDecoder();
	const parts: Uint8Array[] = [];
	let bytes = 0;
	const handHead = async (text: string) => {
		if (onHead(text)) await nextMacrotask();
	};
	let head: string | null = '';
	for (let read = await reader.read(); !read.done; read = await reader.read()) {
		parts.push(read.value);
		bytes += read.value.byteLength;
		if (head === null) continue;
		// Only the bytes the head can need are decoded here (a character takes at most four); the
		// whole body is decoded once, at the end.
		head += headDecoder.decode(read.value.subarray(0, HEAD_CHARS * 4), { stream: true });
		if (head.length < HEAD_CHARS) continue;
		await handHead(head);
		head = null;
	}
	if (head !== null) await handHead(head + headDecoder.decode());
	return jsonTextOf(joined(parts, bytes));
}

function joined(parts: Uint8Array[], bytes: number): Uint8Array {
	if (parts.length === 1) return parts[0];
	const whole = new Uint8Array(bytes);
	let offset = 0;
	for (const part of parts) {
		whole.set(part, offset);
		offset += part.byteLength;
	}
	return whole;
}
