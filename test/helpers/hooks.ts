import type { TestContext } from 'node:test';
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { HttpClientConfig } from '../../src/common/hooks/http-client.js';
import { createLogger } from '../../src/logger/index.js';
import type { Logger } from '../../src/logger/index.js';

// Shared by the tests of hooks: real hook programs, a real HTTP receiver, the real logger.

/** The `http` section for tests: short time limit, retries without waiting. */
export const httpConfig: HttpClientConfig = {
  timeout: 5,
  retry_wait_min: 0,
  retry_wait_max: 0,
  retry_max: 2,
  ca_certificates: [],
  certificates: [],
  skip_tls_verify: false,
  headers: [],
};

/** Hook programs get no PATH, so scripts call tools by absolute path. */
export function bin(name: string): string {
  const found = ['/usr/bin', '/bin'].map((dir) => join(dir, name)).find((path) => existsSync(path));
  if (!found) throw new Error(`${name} not found in /usr/bin or /bin`);
  return found;
}

/** Writes an executable `/bin/sh` script. */
export async function script(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

/** A record of the JSON log. */
export interface LogRecord {
  readonly level: string;
  readonly sender: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** The real logger writing to a file in `dir`, and a reader of what it wrote. */
export function fileLogger(
  t: TestContext,
  dir: string,
): { logger: Logger; records: () => Promise<LogRecord[]>; text: () => Promise<string> } {
  const filePath = join(dir, 'sftpgo.log');
  const logger = createLogger({
    filePath,
    maxSizeMB: 0,
    maxBackups: 0,
    maxAgeDays: 0,
    compress: false,
    level: 'debug',
    utcTime: true,
  });
  t.after(() => logger.close());
  const text = async () => {
    logger.flushSync();
    return existsSync(filePath) ? readFile(filePath, 'utf8') : '';
  };
  const records = async () =>
    (await text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogRecord);
  return { logger, records, text };
}

/** One request the receiver got. */
export interface Received {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A local HTTP receiver; `status` picks the answer to the n-th request (0-based). */
export async function receiver(t: TestContext, status: (n: number) => number = () => 200) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://x'),
        headers: req.headers,
        body,
      });
      res.statusCode = status(received.length - 1);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** Parses `env` output, leaving out what the shell itself adds. */
export function parseEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq);
    if (name !== 'PWD' && name !== 'SHLVL' && name !== '_') vars[name] = line.slice(eq + 1);
  }
  return vars;
}
