/** Walking, measuring, copying and removing directory trees through an `Fs`, a page at a time. */
import type { Fs, FsDirEntry } from '../../vfs/index.js';
import { joinPath } from '../rules/index.js';
import { FailureError } from './errors.js';

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
 * How deep a tree walk goes below its start (as SFTPGo's recursion limit): each level keeps one listing
 * open, so the walk holds at most this many listings, each with one page of entries.
 */
export const MAX_TREE_DEPTH = 1000;

/** The error of a walk that would go deeper than {@link MAX_TREE_DEPTH}. */
export function tooDeep(fsPath: string): FailureError {
  return new FailureError(`${JSON.stringify(fsPath)} is more than ${MAX_TREE_DEPTH} directory levels deep`);
}

/**
 * Every entry below the directory `fsPath`, each directory followed at once by what it holds
 * (symbolic links are not followed). Listings are paged and left open only along the current branch.
 * @throws {FailureError} below {@link MAX_TREE_DEPTH} levels.
 */
export async function* walkTree(
  fs: Fs,
  fsPath: string,
  relative = '/',
  depth = 0,
): AsyncGenerator<TreeEntry> {
  if (depth >= MAX_TREE_DEPTH) throw tooDeep(fsPath);
  const lister = await fs.readdir(fsPath);
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
        if (entry.kind === 'directory') yield* walkTree(fs, item.fsPath, item.relative, depth + 1);
      }
    }
  } finally {
    await lister.close();
  }
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

/**
 * Removes the directory `fsPath` and everything below it, each entry as its listing returns it (an
 * entry already listed may go while the listing is open; the others are still returned).
 * @throws {FailureError} below {@link MAX_TREE_DEPTH} levels.
 */
export async function removeTree(fs: Fs, fsPath: string, depth = 0): Promise<void> {
  if (depth >= MAX_TREE_DEPTH) throw tooDeep(fsPath);
  const lister = await fs.readdir(fsPath);
  try {
    for (let page = await lister.next(PAGE); page.length > 0; page = await lister.next(PAGE)) {
      for (const entry of page) {
        const child = joinPath(fsPath, entry.name);
        if (entry.kind === 'directory') await removeTree(fs, child, depth + 1);
        else await fs.remove(child);
      }
    }
  } finally {
    await lister.close();
  }
  await fs.rmdir(fsPath);
}
