/**
 * Memory per idle session: 50 OpenSSH `sftp` clients connect and stay idle; the growth of the
 * server's proportional set size (PSS, its whole process tree) is divided by their number.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { BenchServer } from './bench-server.js';
import { stopChild } from './child.js';
import { treePssBytes } from './process-stats.js';
import type { BenchContext, Sample, Workload } from './workload.js';

const IDLE_SESSIONS = 50;
const READY_TIMEOUT_MS = 60_000;

/** Starts an interactive-less `sftp -b -` that stays connected until its stdin closes. */
function idleClient(ctx: BenchContext, server: BenchServer): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn('sftp', ['-b', '-', ...ctx.client.sftpArgs(server)], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('idle sftp client did not connect')), READY_TIMEOUT_MS);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Remote working directory')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error('idle sftp client exited'));
    });
  });
  // `pwd` makes the client print once the session is up; then it waits for more commands.
  child.stdin?.write('pwd\n');
  return { child, ready };
}

/** Connects `IDLE_SESSIONS` idle clients, a few at a time (a burst of handshakes would trip guards). */
async function connectIdle(ctx: BenchContext, server: BenchServer, clients: ChildProcess[]): Promise<void> {
  for (let i = 0; i < IDLE_SESSIONS; i += 5) {
    const batch = Array.from({ length: Math.min(5, IDLE_SESSIONS - i) }, () => idleClient(ctx, server));
    clients.push(...batch.map((b) => b.child));
    await Promise.all(batch.map((b) => b.ready));
  }
}

async function disconnect(clients: readonly ChildProcess[]): Promise<void> {
  for (const child of clients) child.stdin?.end();
  await Promise.all(clients.map((c) => stopChild(c, 5_000)));
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const idleMemory: Workload = {
  id: `memory-${IDLE_SESSIONS}-idle-sessions`,
  unit: 'KiB/session',
  higherIsBetter: false,
  measuresCpu: false,
  // Its own first round lets the server reach its working size.
  warmUp: false,
  prepare: async () => {},
  async run(ctx, server): Promise<Sample> {
    const clients: ChildProcess[] = [];
    try {
      // A first round grows a garbage-collected server to its working size; the second one measures.
      await connectIdle(ctx, server, clients);
      await disconnect(clients.splice(0));
      await pause(2_000);
      const before = treePssBytes(server.pid);
      await connectIdle(ctx, server, clients);
      await pause(1_000);
      const after = treePssBytes(server.pid);
      return { value: (after - before) / IDLE_SESSIONS / 1024 };
    } finally {
      await disconnect(clients);
    }
  },
};
