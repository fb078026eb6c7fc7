import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, rm, stat, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * Compresses `source` into `target` (overwritten if a previous attempt left it), with the
 * source's permission bits, then removes `source`. The compression runs in libuv's thread pool,
 * so the event loop (and logging) never waits for it. On failure the partial `target` is removed
 * and `source` is kept, so nothing is lost and the next cleanup pass tries again.
 *
 * @throws the file system or zlib error that stopped the compression.
 */
export async function gzipFile(source: string, target: string): Promise<void> {
  const info = await stat(source);
  const mode = info.mode & 0o777;
  try {
    await pipeline(createReadStream(source), createGzip(), createWriteStream(target, { mode }));
    await chmod(target, mode);
  } catch (err) {
    await rm(target, { force: true });
    throw err;
  }
  await unlink(source);
}
