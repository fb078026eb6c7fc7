/**
 * Workloads dominated by requests and sessions rather than bytes: many small files in one session,
 * a long directory listing, and back-to-back short sessions.
 */
import { mkdir, rm, readdir, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { BenchServer } from './bench-server.js';
import type { Sample, Workload } from './workload.js';
import { secondsSince } from './workload.js';

const SMALL_FILES = 1_000;
const SMALL_SIZE = 4 << 10;
const LISTED_ENTRIES = 10_000;
const SESSIONS = 100;

const smallFiles: Workload = {
  id: `put-${SMALL_FILES}-files-4k`,
  unit: 'files/s',
  higherIsBetter: true,
  measuresCpu: true,
  warmUp: true,
  async prepare(ctx, server) {
    ctx.local.smallFiles(SMALL_FILES, SMALL_SIZE);
    await rm(join(server.diskRoot, 'small'), { recursive: true, force: true });
  },
  async run(ctx, server): Promise<Sample> {
    const dir = ctx.local.smallFiles(SMALL_FILES, SMALL_SIZE);
    const start = performance.now();
    await ctx.client.sftp(server, [`put -r ${dir} ${posix.join(server.remoteRoot, 'small')}`]);
    const seconds = secondsSince(start);
    const count = (await readdir(join(server.diskRoot, 'small'))).length;
    if (count !== SMALL_FILES) throw new Error(`${count} files arrived, expected ${SMALL_FILES}`);
    return { value: SMALL_FILES / seconds };
  },
};

async function makeListedDir(server: BenchServer): Promise<string> {
  const dir = join(server.diskRoot, 'many');
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length === LISTED_ENTRIES) return dir;
  await Promise.all(
    Array.from({ length: LISTED_ENTRIES }, (_, i) =>
      writeFile(join(dir, `entry-${String(i).padStart(5, '0')}`), ''),
    ),
  );
  return dir;
}

const longListing: Workload = {
  id: `ls-l-${LISTED_ENTRIES}-entries`,
  unit: 's',
  higherIsBetter: false,
  measuresCpu: true,
  warmUp: true,
  prepare: async (_ctx, server) => {
    await makeListedDir(server);
  },
  async run(ctx, server): Promise<Sample> {
    const start = performance.now();
    const result = await ctx.client.sftp(server, [`ls -l ${posix.join(server.remoteRoot, 'many')}`]);
    const seconds = secondsSince(start);
    const lines = result.stdout.split('\n').filter((l) => l.includes('entry-')).length;
    if (lines !== LISTED_ENTRIES) throw new Error(`listed ${lines} entries, expected ${LISTED_ENTRIES}`);
    return { value: seconds };
  },
};

const sequentialSessions: Workload = {
  id: `sessions-${SESSIONS}-connect-auth-ls`,
  unit: 'sessions/s',
  higherIsBetter: true,
  measuresCpu: true,
  warmUp: false,
  prepare: async () => {},
  async run(ctx, server): Promise<Sample> {
    const start = performance.now();
    for (let i = 0; i < SESSIONS; i += 1) await ctx.client.sftp(server, [`ls ${server.remoteRoot}`]);
    return { value: SESSIONS / secondsSince(start) };
  },
};

export function sessionWorkloads(): Workload[] {
  return [smallFiles, longListing, sequentialSessions];
}
