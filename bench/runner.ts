/**
 * Runs every workload on both servers, alternating them run after run (A B A B …) so that drifts of
 * the machine touch both alike, and measures the servers' CPU seconds around each run. Workloads that
 * ask for it get one uncounted warm-up run per server first.
 */
import type { BenchServer } from './bench-server.js';
import { waitFor } from './child.js';
import { descendantCount, treeCpuSeconds } from './process-stats.js';
import type { BenchContext, Sample, Workload } from './workload.js';

/** Every run of one workload on one server. */
export interface ServerSeries {
  readonly values: number[];
  /** Server CPU seconds per run (per GiB moved, for transfers). */
  readonly cpu: number[];
  readonly errors: string[];
}

export interface WorkloadResult {
  readonly workload: Workload;
  readonly series: Record<string, ServerSeries>;
}

/** Per-session processes (OpenSSH) finish after the client exits: wait so their CPU is counted. */
async function settle(server: BenchServer, baseline: number): Promise<void> {
  await waitFor(() => descendantCount(server.pid) <= baseline, 5_000, `${server.name} sessions to end`).catch(
    () => {},
  );
}

/**
 * One run of `workload` on `server`: its sample and the server CPU seconds it took (the per-session
 * processes it left included). The server has settled when it returns or throws.
 */
async function runOnce(
  ctx: BenchContext,
  workload: Workload,
  server: BenchServer,
): Promise<{ sample: Sample; cpu: number }> {
  const baseline = descendantCount(server.pid);
  try {
    await workload.prepare(ctx, server);
    const cpuBefore = treeCpuSeconds(server.pid);
    const sample = await workload.run(ctx, server);
    await settle(server, baseline);
    return { sample, cpu: treeCpuSeconds(server.pid) - cpuBefore };
  } catch (err) {
    await settle(server, baseline);
    throw err;
  }
}

/** The message of a thrown value. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function runWorkload(
  ctx: BenchContext,
  workload: Workload,
  servers: readonly BenchServer[],
  runs: number,
  progress: (line: string) => void,
): Promise<WorkloadResult> {
  const series: Record<string, ServerSeries> = {};
  for (const server of servers) series[server.name] = { values: [], cpu: [], errors: [] };
  if (workload.warmUp) {
    for (const server of servers) {
      try {
        await runOnce(ctx, workload, server);
        progress(`${workload.id} ${server.name} warm-up run done (not counted)`);
      } catch (err) {
        // A real problem shows again in the counted runs.
        progress(`${workload.id} ${server.name} warm-up run failed: ${errorText(err)}`);
      }
    }
  }
  for (let run = 0; run < runs; run += 1) {
    for (const server of servers) {
      const s = series[server.name]!;
      try {
        const { sample, cpu } = await runOnce(ctx, workload, server);
        s.values.push(sample.value);
        if (workload.measuresCpu) s.cpu.push(sample.bytes ? cpu / (sample.bytes / 2 ** 30) : cpu);
        progress(
          `${workload.id} ${server.name} run ${run + 1}: ${sample.value.toFixed(2)} ${workload.unit}, cpu ${cpu.toFixed(2)} s`,
        );
      } catch (err) {
        const message = errorText(err);
        s.errors.push(message);
        progress(`${workload.id} ${server.name} run ${run + 1}: failed: ${message}`);
      }
    }
  }
  return { workload, series };
}
