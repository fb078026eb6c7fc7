// Worker thread of the rate measurements: offers connections from its own event loop, so the
// server's loop measured in the main thread does not also carry the clients.
import { parentPort, workerData } from 'node:worker_threads';
import { probe } from './guards-helpers.js';

interface Job {
  readonly port: number;
  readonly workers: number;
  readonly windowMs: number;
  readonly header?: Uint8Array;
}

const job = workerData as Job;
const header = job.header ? Buffer.from(job.header) : undefined;
const counts = { accepted: 0, refused: 0 };
const end = performance.now() + job.windowMs;
await Promise.all(
  Array.from({ length: job.workers }, async () => {
    while (performance.now() < end) counts[await probe(job.port, header)]++;
  }),
);
parentPort?.postMessage(counts);
