/** Walking, measuring, copying and removing directory trees through an `Fs`, a page at a time. */
import type { Fs, FsDirEntry } from '../../vfs/index.js';
import { pagedEntries } from '../../util/paged-entries.js';
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
 * How deep a tree walk goes below its start unless told otherwise (SFTPGo's recursion limit): each
 * level keeps one listing open, so a walk holds at most this many listings, each with one page of
 * entries.
 */
export const MAX_TREE_DEPTH = 1000;

/** The error of a walk that would go deeper than `maxDepth` levels, at `virtualPath` if known. */
export function tooDeep(maxDepth: number, virtualPath?: string): FailureError {
  return new FailureError(
    `more than ${maxDepth} directory levels deep`,
    virtualPath === undefined ? {} : { virtualPath },
  );
}

/**
 * Every entry below the directory `fsPath`, each directory followed at once by what it holds
 * (symbolic links are not followed). Listings are paged and left open only along the current branch.
 * @throws {FailureError} for a tree more than `maxDepth` levels deep.
 */
export function walkTree(fs: Fs, fsPath: string, maxDepth = MAX_TREE_DEPTH): AsyncGenerator<TreeEntry> {
  return walkLevel(fs, fsPath, '/', maxDepth, 0);
}

async function* walkLevel(
  fs: Fs,
  fsPath: string,
  relative: string,
  maxDepth: number,
  depth: number,
): AsyncGenerator<TreeEntry> {
  if (depth >= maxDepth) throw tooDeep(maxDepth);
  for await (const entry of pagedEntries(await fs.readdir(fsPath), PAGE)) {
    const item = { fsPath: joinPath(fsPath, entry.name), relative: joinPath(relative, entry.name), entry };
    yield item;
    if (entry.kind === 'directory') yield* walkLevel(fs, item.fsPath, item.relative, maxDepth, depth + 1);
  }
}

/** Regular files and their bytes below the directory `fsPath`. */
export async function treeUsage(
  fs: Fs,
  fsPath: string,
  maxDepth = MAX_TREE_DEPTH,
): Promise<{ files: number; size: number }> {
  let files = 0;
  let size = 0;
  for await (const { entry } of walkTree(fs, fsPath, maxDepth)) {
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
 * @throws {FailureError} for a tree more than `maxDepth` levels deep.
 */
export async function removeTree(
  fs: Fs,
  fsPath: string,
  maxDepth = MAX_TREE_DEPTH,
  depth = 0,
): Promise<void> {
  if (depth >= maxDepth) throw tooDeep(maxDepth);
  for await (const entry of pagedEntries(await fs.readdir(fsPath), PAGE)) {
    const child = joinPath(fsPath, entry.name);
    if (entry.kind === 'directory') await removeTree(fs, child, maxDepth, depth + 1);
    else await fs.remove(child);
  }
  await fs.rmdir(fsPath);
}
