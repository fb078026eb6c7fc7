/**
 * Garbage-collector tuning for the processes that move file data (`serve` and its workers,
 * `startsubsys`).
 *
 * Why: Node gives every socket read a fresh ArrayBuffer, so a transfer at hundreds of MB/s allocates
 * external memory just as fast; the buffers die young, but V8 counts external memory allocated since
 * the last full collection against the old generation's limit. When that limit sits close to the live
 * heap (V8 lowers it after collections that took much of the CPU), every burst of reads starts another
 * full collection: back-to-back mark-compacts of an unchanged heap, several seconds of CPU per GiB
 * uploaded, in runs that alternate with cheap ones. Profiles (`perf`, `--trace-gc`) of `npm run bench`
 * showed exactly that. A fixed growing factor keeps the limit well above the live heap, so young
 * buffers are reclaimed by scavenges only. The old generation may grow up to four times its live size
 * before a full collection, which V8 itself allows for fast-collecting heaps; V8 still caps the limit
 * below the heap's maximum.
 */
import { setFlagsFromString } from 'node:v8';

/** Old generation limit after a full collection, in percent above the live size. */
const HEAP_GROWING_PERCENT = 300;

const FLAG = '--heap-growing-percent';

/**
 * Sets V8's heap growing factor unless Node was started with its own `--heap-growing-percent`
 * (`node --heap-growing-percent=N …`; V8 options are not accepted in `NODE_OPTIONS`). Returns whether
 * it was set.
 */
export function tuneHeapForTransfers(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => arg === FLAG || arg.startsWith(`${FLAG}=`))) return false;
  setFlagsFromString(`${FLAG}=${HEAP_GROWING_PERCENT}`);
  return true;
}
