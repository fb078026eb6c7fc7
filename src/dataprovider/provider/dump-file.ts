/** Reading a dump file (the memory driver's initial data, `loaddata`). */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { InvalidDumpError } from './errors.js';

/** The largest dump file read, as in SFTPGo (20 MiB). */
export const MAX_DUMP_FILE_BYTES = 20 * 1024 * 1024;

/**
 * The dump file the memory driver loads: `data_provider.name`, relative to the config dir when not
 * absolute; `undefined` when the name is empty.
 */
export function memoryDumpPath(name: string, configDir: string): string | undefined {
  if (name.trim() === '') return undefined;
  return isAbsolute(name) ? name : resolve(configDir, name);
}

/**
 * Reads and parses a dump file.
 * @throws {InvalidDumpError} naming the file when it cannot be read, is empty, is over
 *   {@link MAX_DUMP_FILE_BYTES} or is not JSON.
 */
export async function readDumpFile(path: string): Promise<unknown> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new InvalidDumpError(`dump file ${JSON.stringify(path)} is not a regular file`);
    if (info.size === 0) throw new InvalidDumpError(`dump file ${JSON.stringify(path)} is empty`);
    if (info.size > MAX_DUMP_FILE_BYTES) {
      throw new InvalidDumpError(
        `dump file ${JSON.stringify(path)} is ${info.size} bytes long, at most ${MAX_DUMP_FILE_BYTES} are accepted`,
      );
    }
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof InvalidDumpError) throw err;
    throw new InvalidDumpError(
      `cannot read dump file ${JSON.stringify(path)}: ${(err as Error).message}`,
      undefined,
      {
        cause: err,
      },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InvalidDumpError(
      `dump file ${JSON.stringify(path)} is not valid JSON: ${(err as Error).message}`,
      undefined,
      {
        cause: err,
      },
    );
  }
}
