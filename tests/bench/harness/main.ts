/** The benchmark page: starts the benchmark worker and hands its Comlink remote to the driver. */
import * as Comlink from 'comlink';
import type { BenchWorker } from './bench.worker';

const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
(window as unknown as { bench: Comlink.Remote<BenchWorker> }).bench = Comlink.wrap<BenchWorker>(worker);
