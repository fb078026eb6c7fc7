import { writeSync } from 'node:fs';

/** How long {@link writeAllSync} keeps retrying a descriptor that answers "try again". */
const retryBudgetMs = 1000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Writes all of `data` to `fd` synchronously, looping over short writes.
 *
 * A descriptor in non-blocking mode (a pipe on stderr, for instance) can answer `EAGAIN` when the
 * reader is slow; the write is then retried after short sleeps for up to one second before giving
 * up, so a stalled reader cannot hang the process forever.
 *
 * @throws the `fs.writeSync` error (`ENOSPC`, `EIO`, `EBADF`, `EAGAIN` after the retry budget…).
 */
export function writeAllSync(fd: number, data: Buffer): void {
  let offset = 0;
  let waited = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset, data.length - offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN' || waited >= retryBudgetMs) throw err;
      sleepSync(1);
      waited += 1;
    }
  }
}
