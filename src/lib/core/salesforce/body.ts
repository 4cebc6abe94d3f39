/**
 * Reading a response body as it streams in, so that a query page's head (its `nextRecordsUrl` comes before
 * its records) can start the next request while the rest of the page is still arriving.
 */
import { nextMacrotask } from './abortable';
import { jsonTextOf, reusedBytes } from './json-text';
import { HEAD_CHARS } from './responses';

/**
 * A response's text. With `onHead` the body is a JSON query page: the hook sees the first HEAD_CHARS
 * characters (or the whole of a shorter body) as soon as they have arrived, and when it says it started a
 * request, that request reaches the transport before the rest is read; the text is then the page's JSON
 * with non-ASCII characters as escapes (jsonTextOf), which JSON.parse reads to the same value.
 */
export async function readBody(response: Response, onHead?: (head: string) => boolean): Promise<string> {
	if (!onHead || !response.body) return response.text();
	const headReader = headHandler(onHead);
	const byteReader = byobReaderOf(response.body);
	if (byteReader) return readIntoPooledBuffer(byteReader, headReader);
	const reader = response.body.getReader();
	const parts: Uint8Array[] = [];
	let bytes = 0;
	for (let read = await reader.read(); !read.done; read = await reader.read()) {
		parts.push(read.value);
		bytes += read.value.byteLength;
		await headReader.arrived(read.value);
	}
	await headReader.ended();
	return jsonTextOf(joined(parts, bytes));
}

/** Hands a page's head to the hook once enough of it has arrived (or the body has ended shorter). */
function headHandler(onHead: (head: string) => boolean) {
	const decoder = new TextDecoder();
	let head: string | null = '';
	const hand = async (text: string) => {
		head = null;
		if (onHead(text)) await nextMacrotask();
	};
	return {
		/** Takes the bytes that just arrived; only those the head can need are decoded (a character takes at most four). */
		async arrived(bytes: Uint8Array) {
			if (head === null) return;
			head += decoder.decode(bytes.subarray(0, HEAD_CHARS * 4), { stream: true });
			if (head.length >= HEAD_CHARS) await hand(head);
		},
		async ended() {
			if (head !== null) await hand(head + decoder.decode());
		}
	};
}

/** A reader that reads into buffers of ours, when the body is a byte stream (a fetch's always is). */
function byobReaderOf(body: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | null {
	try {
		return body.getReader({ mode: 'byob' });
	} catch {
		return null;
	}
}

/**
 * Page buffers read into and handed out again, one per body being read: a page read straight into one
 * takes no new memory (a part of its own for every piece the network hands over, a copy of all of them
 * into one and its escaped copy did). A 1 MB page read in a Chromium worker: 2.2–2.4 against 3.2–4.0 ms.
 * A read that ends without a buffer back (a stream cancelled under it) fails.
 */
const pageBuffers: ArrayBuffer[] = [];
/** As many as the bodies one run reads at once (eight Id ranges); more are read into new buffers. */
const POOLED_BUFFERS = 8;
const FIRST_BUFFER_BYTES = 1 << 20;
/** A buffer grown past this (a page of many long fields) is let go rather than kept: at most 32 MiB kept. */
const LARGEST_POOLED_BYTES = 4 << 20;

/** Reads the whole body into a pooled buffer and gives its JSON text (jsonTextOf). */
async function readIntoPooledBuffer(
	reader: ReadableStreamBYOBReader,
	headReader: ReturnType<typeof headHandler>
): Promise<string> {
	let buffer = pageBuffers.pop() ?? new ArrayBuffer(FIRST_BUFFER_BYTES);
	let filled = 0;
	for (;;) {
		if (filled === buffer.byteLength) buffer = grown(buffer);
		const read = await reader.read(new Uint8Array(buffer, filled, buffer.byteLength - filled));
		// The buffer is handed to the stream and back with every read: the bytes stay where they are.
		if (!read.value) throw new TypeError('the response body was cancelled while it was read');
		buffer = read.value.buffer as ArrayBuffer;
		if (read.done) break;
		filled += read.value.byteLength;
		await headReader.arrived(read.value);
	}
	await headReader.ended();
	const text = jsonTextOf(new Uint8Array(buffer, 0, filled));
	if (pageBuffers.length < POOLED_BUFFERS && buffer.byteLength <= LARGEST_POOLED_BYTES)
		pageBuffers.push(buffer);
	return text;
}

/** A buffer twice as long with the same bytes at its start. */
function grown(buffer: ArrayBuffer): ArrayBuffer {
	const bigger = new ArrayBuffer(buffer.byteLength * 2);
	new Uint8Array(bigger).set(new Uint8Array(buffer));
	return bigger;
}

const joinedPage = reusedBytes();

/** The parts one after the other, in a buffer that the next call writes over (read it at once). */
function joined(parts: Uint8Array[], bytes: number): Uint8Array {
	if (parts.length === 1) return parts[0];
	const whole = joinedPage(bytes);
	let offset = 0;
	for (const part of parts) {
		whole.set(part, offset);
		offset += part.byteLength;
	}
	return whole;
}
