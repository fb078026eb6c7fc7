/**
 * Real hook programs (shell scripts) and a real local HTTP receiver for the hook tests, with hook
 * options whose time limits are 1 s.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { AuthHookOptions } from '../../../../src/common/auth/index.js';
import { HttpClient } from '../../../../src/common/hooks/http-client.js';
import type { Logger } from '../../../../src/logger/index.js';

/** Writes an executable `/bin/sh` script and returns its absolute path. */
export async function script(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

/** A script line that saves the program's whole environment to `file`, one `KEY=value` a line. */
export function saveEnv(file: string): string {
  return `/usr/bin/env > '${file}'`;
}

/** The saved environment, without the variables the shell itself sets. */
export async function readEnv(file: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    if (['PWD', 'SHLVL', '_', 'OLDPWD'].includes(key)) continue;
    out[key] = line.slice(eq + 1);
  }
  return out;
}

/** A request the receiver got. */
export interface Received {
  readonly method: string;
  readonly url: URL;
  readonly body: string;
  readonly contentType: string | undefined;
}

/** How the receiver answers one request. */
export interface Reply {
  readonly status: number;
  readonly body?: string;
  /** Wait this long before answering (to test time-outs). */
  readonly delayMs?: number;
}

/** A local HTTP server that records requests and answers with `reply`. */
export async function receiver(
  t: TestContext,
  reply: (req: Received) => Reply,
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const got: Received = {
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        body: Buffer.concat(chunks).toString('utf8'),
        contentType: req.headers['content-type'],
      };
      received.push(got);
      const answer = reply(got);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received };
}

/** Hook options with 1 s time limits for programs and HTTP calls, and no HTTP retries. */
export function hookOptions(hook: string, logger: Logger, scope?: number): AuthHookOptions {
  return {
    hook,
    ...(scope === undefined ? {} : { scope }),
    commands: { timeout: 1, env: [], commands: [] },
    http: new HttpClient({
      timeout: 1,
      retry_wait_min: 0,
      retry_wait_max: 0,
      retry_max: 0,
      ca_certificates: [],
      certificates: [],
      skip_tls_verify: false,
      headers: [],
    }),
    logger,
  };
}

/** A user JSON as a hook would print it. */
export function userAnswer(username: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    status: 1,
    username,
    home_dir: `/srv/${username}`,
    permissions: { '/': ['*'] },
    ...extra,
  });
}

/** Time a promise takes to settle, in ms. */
export async function timed(promise: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  try {
    await promise;
    return { ms: performance.now() - started, error: undefined };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}
