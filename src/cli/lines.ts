/** Line-by-line JSON output on a stream (stdout for Singer and Airbyte), waiting when the pipe is full. */

/** Writes one JSON value per line. */
export type LineWriter = (message: unknown) => Promise<void>;

/** A line writer on a stream that honours back-pressure. */
export function createLineWriter(stream: NodeJS.WritableStream = process.stdout): LineWriter {
	return (message) =>
		new Promise<void>((resolve, reject) => {
			stream.write(JSON.stringify(message) + '\n', (error) => (error ? reject(error) : resolve()));
		});
}
