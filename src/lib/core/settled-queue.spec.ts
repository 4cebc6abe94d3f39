import { describe, expect, it } from 'vitest';
import { settledQueue } from './settled-queue';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('settledQueue', () => {
	it('gives values in the order they settle, not the order they were added', async () => {
		const queue = settledQueue<string>();
		queue.add(after(30, 'slow'));
		queue.add(after(1, 'fast'));
		queue.add(Promise.resolve('now'));
		expect(queue.size).toBe(3);
		expect([await queue.take(), await queue.take(), await queue.take()]).toEqual(['now', 'fast', 'slow']);
		expect(queue.size).toBe(0);
	});

	it('waits for a value added after take() was called', async () => {
		const queue = settledQueue<number>();
		const taken = queue.take();
		queue.add(after(5, 7));
		expect(await taken).toBe(7);
	});
});
