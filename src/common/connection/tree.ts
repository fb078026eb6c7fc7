/** Walking, measuring, copying and removing directory trees through an `Fs`, a page at a time. */
import type { Fs, FsDirEntry } from '../../vfs/index.js';
import { joinPath } from '../rules/index.js';

const PAGE = 500;
const COPY_CHUNK = 1024 * 1024;

/** One entry found by {@link walkTree}: its path inside the Fs and relative to the walked directory. */
export interface TreeEntry {
  readonly fsPath: string;
  /** "/name/sub" relative to the walked directory. */
  readonly relative: string;
  readonly entry: FsDirEntry;
}

/**
 * Every entry below the directory `fsPath`, parents before their children (symbolic links are not
 * followed). The listing of each directory is paged.
 */
export async function* walkTree(fs: Fs, fsPath: string, relative = '/'): AsyncGenerator<TreeEntry> {
  const lister = await fs.readdir(fsPath);
  const dirs: TreeEntry[] = [];
  try {
    for (;;) {
      const page = await lister.next(PAGE);
      if (page.length === 0) break;
      for (const entry of page) {
        const item = {
          fsPath: joinPath(fsPath, entry.name),
          relative: joinPath(relative, entry.name),
          entry,
        };
        yield item;
        if (entry.kind === 'directory') dirs.push(item);
      }
    }
  } finally {
    await lister.close();
  }
  for (const dir of dirs) yield* walkTree(fs, dir.fsPath, dir.relative);
}

/** Regular files and their bytes below the directory `fsPath`. */
export async function treeUsage(fs: Fs, fsPath: string): Promise<{ files: number; size: number }> {
  let files = 0;
  let size = 0;
  for await (const { entry } of walkTree(fs, fsPath)) {
    if (entry.kind === 'file') {
      files++;
      size += entry.size;
    }
  }
  return { files, size };
}

/** Copies the regular file `from` of `src` to `to` of `dst` (replacing a file there), chunk by chunk. */
export async function copyFileBetween(options: {
  readonly src: Fs;
  readonly from: string;
  readonly dst: Fs;
  readonly to: string;
  readonly mode: number;
}): Promise<void> {
  const { src, dst } = options;
  if (src === dst && dst.copyFile !== undefined && dst.capabilities.serverSideCopy) {
    await dst.copyFile(options.from, options.to);
    return;
  }
  const input = await src.open(options.from, { read: true });
  try {
    const output = await dst.open(options.to, { write: true, create: true, truncate: true }, options.mode);
    try {
      const buffer = new Uint8Array(COPY_CHUNK);
      let position = 0;
      for (;;) {
        const n = await input.read(buffer, 0, buffer.length, position);
        if (n === 0) break;
        await output.write(buffer, 0, n, position);
        position += n;
      }
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/** Removes the directory `fsPath` and everything below it. */
export async function removeTree(fs: Fs, fsPath: string): Promise<void> {
  const dirs: string[] = [];
  for await (const { fsPath: p, entry } of walkTree(fs, fsPath)) {
    if (entry.kind === 'directory') dirs.push(p);
    else await fs.remove(p);
  }
  for (const dir of dirs.reverse()) await fs.rmdir(dir);
  await fs.rmdir(fsPath);
}
