/** What one benchmark workload is, and what a run of it yields. */
import type { BenchServer } from './bench-server.js';
import type { LocalFiles } from './local-files.js';
import type { OpenSshClient } from './openssh-client.js';

/** What every workload may use. */
export interface BenchContext {
  readonly client: OpenSshClient;
  readonly local: LocalFiles;
}

/** One run's figure, in the workload's unit. */
export interface Sample {
  readonly value: number;
  /** Bytes moved, when the workload is a transfer (for server CPU seconds per GiB). */
  readonly bytes?: number;
}

export interface Workload {
  /** Stable name, used by `--only` and in the JSON. */
  readonly id: string;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  /** Whether the server CPU seconds of a run are meaningful for this workload. */
  readonly measuresCpu: boolean;
  /**
   * Whether one uncounted run per server comes first. For transfers: the first GiB written into a
   * fresh tmpfs file costs the kernel more (both servers showed it in their first run).
   */
  readonly warmUp: boolean;
  /** Untimed preparation before each run (files in place, targets removed). */
  prepare(ctx: BenchContext, server: BenchServer): Promise<void>;
  run(ctx: BenchContext, server: BenchServer): Promise<Sample>;
}

/** Seconds since `start` (a `performance.now()` value). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
