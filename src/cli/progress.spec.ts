import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from './progress';

function stream(isTTY: boolean) {
	const output = new PassThrough();
	let written = '';
	output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
	Object.assign(output, {
		isTTY,
		columns: 120,
		cursorTo: () => true,
		clearLine: () => true,
		moveCursor: () => true
	});
	return { output: output as unknown as NodeJS.WriteStream, written: () => written };
}

const progress = {
	pages: 1,
	received: 200,
	processed: 190,
	skipped: 10,
	duplicates: 0,
	totalSize: 1000,
	rate: 400,
	etaMs: 2000,
	elapsedMs: 500
};

describe('run progress', () => {
	it('draws a bar on a TTY', () => {
		const tty = stream(true);
		const reporter = createProgress(tty.output);
		reporter.update(progress);
		reporter.update({ ...progress, received: 1000, processed: 950 });
		reporter.stop();
		expect(tty.written()).toMatch(/Users .* 1000\/1000 received \| 950 imported/);
	});

	it('stays quiet when the output is not a TTY', () => {
		const pipe = stream(false);
		const reporter = createProgress(pipe.output);
		reporter.update(progress);
		reporter.stop();
		expect(pipe.written()).toBe('');
	});
});
