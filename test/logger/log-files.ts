// Helpers for the logger tests: reading what the writers put on disk.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { LoggerOptions } from '../../src/logger/index.js';

/** Logger options for tests: a 1 MiB file without cleanup, debug level, local time. */
export function loggerOptions(overrides: Partial<LoggerOptions> = {}): LoggerOptions {
  return {
    filePath: '',
    maxSizeMB: 1,
    maxBackups: 0,
    maxAgeDays: 0,
    compress: false,
    level: 'debug',
    utcTime: false,
    ...overrides,
  };
}

/** Lines of a file (gunzipped when it ends in `.gz`), without the empty string after the last newline. */
export function fileLines(path: string): string[] {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

/** The JSON records of a file. */
export function fileRecords(path: string): Record<string, unknown>[] {
  return fileLines(path).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Backup names of `<base><ext>` in `dir` (`base-<timestamp><ext>[.gz]`), oldest first. */
export function backupNames(dir: string, base: string, ext: string): string[] {
  const pattern = new RegExp(
    `^${base}-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3}${ext.replace('.', '\\.')}(\\.gz)?$`,
  );
  // The timestamp format sorts lexically in time order.
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort();
}

/** Every line of the backups (oldest first) followed by the live file's. */
export function allLines(dir: string, base: string, ext: string): string[] {
  const files = [...backupNames(dir, base, ext), `${base}${ext}`];
  return files.flatMap((name) => fileLines(join(dir, name)));
}

/** A log line of exactly `length` bytes (newline included) carrying number `n`. */
export function numberedLine(n: number, length = 100): string {
  const head = `{"n":${n},"pad":"`;
  const tail = '"}\n';
  return head + 'x'.repeat(length - head.length - tail.length) + tail;
}
