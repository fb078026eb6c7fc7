// Entry point of the password worker threads: one job in, one reply out (see WorkerPool).
import { parentPort } from 'node:worker_threads';
import { runHashJob, type HashJob } from './hash-job.js';
import type { WorkerReply } from './worker-pool.js';
import { errorMessage } from '../../util/error-message.js';

if (parentPort === null) throw new Error('hash-worker.js must be started as a worker thread');
const port = parentPort;

port.on('message', (job: HashJob) => {
  let reply: WorkerReply;
  try {
    reply = { ok: true, value: runHashJob(job) };
  } catch (error) {
    reply = { ok: false, message: errorMessage(error) };
  }
  port.postMessage(reply);
});
