/**
 * The serialized pages of a query (`PageText`) and the page cache that keeps those of repeated queries
 * within a byte budget, least recently used dropped first.
 */

/** Records of a page already serialized as a UTF-8 JSON array. */
export interface PageText {
	start: number;
	count: number;
	/** Org version the page was built from; a change to the org makes it stale. */
	orgVersion: number;
	bytes: Uint8Array<ArrayBuffer>;
	length: number;
	/** Free bytes around `bytes` in its buffer (see `PageJson`); 0 once a response was written around it. */
	room: number;
}

/** Serialized pages of recent queries, within a byte budget (least recently used dropped first). */
export interface PageCache {
	get(key: string): PageText | undefined;
	set(key: string, page: PageText): void;
	clear(): void;
	readonly bytes: number;
	readonly maxBytes: number;
}

/** The memory a page keeps: its whole buffer, room included. */
export const retainedBytes = (page: PageText) => page.bytes.buffer.byteLength;

/** Creates a page cache holding at most `maxBytes` of serialized records. */
export function createPageCache(maxBytes: number): PageCache {
	const pages = new Map<string, PageText>();
	let bytes = 0;
	return {
		get(key) {
			const page = pages.get(key);
			if (page) {
				pages.delete(key);
				pages.set(key, page);
			}
			return page;
		},
		set(key, page) {
			const size = retainedBytes(page);
			if (size > maxBytes || pages.has(key)) return;
			pages.set(key, page);
			bytes += size;
			for (const [oldKey, old] of pages) {
				if (bytes <= maxBytes) break;
				pages.delete(oldKey);
				bytes -= retainedBytes(old);
			}
		},
		clear() {
			pages.clear();
			bytes = 0;
		},
		get bytes() {
			return bytes;
		},
		maxBytes
	};
}
