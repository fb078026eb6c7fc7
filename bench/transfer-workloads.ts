/**
 * Whole-file transfers: one 1 GiB file (or the size asked for) up and down over SFTP and SCP with
 * each cipher profile, and the same volume split over parallel SFTP streams.
 */
import { copyFile, rm, stat } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';
import type { BenchServer } from './bench-server.js';
import type { CipherProfile } from './openssh-client.js';
import { CIPHER_PROFILES, DEFAULT_PROFILE } from './openssh-client.js';
import type { BenchContext, Sample, Workload } from './workload.js';
import { secondsSince } from './workload.js';

type Direction = 'up' | 'down';
type Tool = 'sftp' | 'scp';

const MB = 1e6;

async function expectSize(path: string, size: number): Promise<void> {
  const actual = (await stat(path)).size;
  if (actual !== size) throw new Error(`${path} has ${actual} bytes, expected ${size}`);
}

/** Puts the files a download reads on the server's disk, and clears what an upload writes. */
async function stage(server: BenchServer, files: readonly string[], direction: Direction, downloads: string) {
  for (const file of files) {
    const onServer = join(server.diskRoot, basename(file));
    if (direction === 'down') await copyFile(file, onServer);
    else await rm(onServer, { force: true });
    await rm(join(downloads, basename(file)), { force: true });
  }
}

async function transfer(
  ctx: BenchContext,
  server: BenchServer,
  tool: Tool,
  direction: Direction,
  file: string,
  profile: CipherProfile,
) {
  const remote = posix.join(server.remoteRoot, basename(file));
  const local = direction === 'up' ? file : join(ctx.local.downloads, basename(file));
  if (tool === 'sftp') {
    const command = direction === 'up' ? `put ${file} ${remote}` : `get ${remote} ${local}`;
    await ctx.client.sftp(server, [command], profile);
  } else if (direction === 'up') {
    await ctx.client.scp(server, file, `remote:${remote}`, profile);
  } else {
    await ctx.client.scp(server, `remote:${remote}`, local, profile);
  }
  const size = (await stat(file)).size;
  await expectSize(direction === 'up' ? join(server.diskRoot, basename(file)) : local, size);
  return size;
}

function single(tool: Tool, direction: Direction, profile: CipherProfile): Workload {
  return {
    id: `${tool}-${direction}-${profile.id}`,
    unit: 'MB/s',
    higherIsBetter: true,
    measuresCpu: true,
    warmUp: true,
    prepare: (ctx, server) => stage(server, [ctx.local.big], direction, ctx.local.downloads),
    async run(ctx, server): Promise<Sample> {
      const start = performance.now();
      const bytes = await transfer(ctx, server, tool, direction, ctx.local.big, profile);
      return { value: bytes / MB / secondsSince(start), bytes };
    },
  };
}

function parallel(direction: Direction, streams: number): Workload {
  return {
    id: `sftp-${direction}-${streams}-streams`,
    unit: 'MB/s',
    higherIsBetter: true,
    measuresCpu: true,
    warmUp: true,
    prepare: (ctx, server) => stage(server, ctx.local.parts(streams), direction, ctx.local.downloads),
    async run(ctx, server): Promise<Sample> {
      const start = performance.now();
      const sizes = await Promise.all(
        ctx.local
          .parts(streams)
          .map((file) => transfer(ctx, server, 'sftp', direction, file, DEFAULT_PROFILE)),
      );
      const bytes = sizes.reduce((a, b) => a + b, 0);
      return { value: bytes / MB / secondsSince(start), bytes };
    },
  };
}

export function transferWorkloads(): Workload[] {
  const workloads: Workload[] = [];
  for (const tool of ['sftp', 'scp'] as const) {
    for (const profile of CIPHER_PROFILES) {
      for (const direction of ['up', 'down'] as const) workloads.push(single(tool, direction, profile));
    }
  }
  for (const streams of [2, 4]) {
    for (const direction of ['up', 'down'] as const) workloads.push(parallel(direction, streams));
  }
  return workloads;
}
