import type { BaseVirtualFolder, DataProvider, User } from '../dataprovider/index.js';
import type { Fs } from '../vfs/index.js';
import { LocalFs } from '../vfs/index.js';

/** Bytes and files found under a root. */
export interface UsageTotals {
  readonly size: number;
  readonly files: number;
}

/** A storage that cannot be scanned here (today: anything but local disk). */
export class QuotaScanUnsupportedError extends Error {
  readonly code = 'ERR_QUOTA_SCAN_UNSUPPORTED';
  constructor(message: string) {
    super(message);
    this.name = 'QuotaScanUnsupportedError';
  }
}

/** Listing page size: a directory of a million entries is read a page at a time. */
const pageSize = 1000;
const localProvider = 0;

/**
 * Sums the regular files under `/` of `fs`, directory by directory with paged listings. Symbolic
 * links are counted neither as files nor followed, as SFTPGo's scan does.
 */
export async function scanUsage(
  fs: Fs,
  options: { readonly signal?: AbortSignal } = {},
): Promise<UsageTotals> {
  let size = 0;
  let files = 0;
  const pending = ['/'];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    const lister = await fs.readdir(dir, options);
    try {
      for (let page = await lister.next(pageSize); page.length > 0; page = await lister.next(pageSize)) {
        options.signal?.throwIfAborted();
        for (const entry of page) {
          if (entry.kind === 'file') {
            size += entry.size;
            files++;
          } else if (entry.kind === 'directory') {
            pending.push(dir === '/' ? `/${entry.name}` : `${dir}/${entry.name}`);
          }
        }
      }
    } finally {
      await lister.close();
    }
  }
  return { size, files };
}

/** What a scan needs to know of a user or folder: its storage and where its files live. */
interface ScanSubject {
  /** "user alice", "folder shared": for messages. */
  readonly label: string;
  readonly filesystem: { readonly provider: number };
  readonly root: string;
}

async function scanSubject(subject: ScanSubject, signal: AbortSignal | undefined): Promise<UsageTotals> {
  if (subject.filesystem.provider !== localProvider) {
    throw new QuotaScanUnsupportedError(`${subject.label}: only local-disk storage can be scanned`);
  }
  if (subject.root === '')
    throw new QuotaScanUnsupportedError(`${subject.label} has no local directory to scan`);
  return scanUsage(await LocalFs.create({ root: subject.root }), signal ? { signal } : {});
}

/**
 * Recomputes a user's used quota from the files in the home directory and stores it (reset, not
 * added). Only local-disk homes can be scanned for now.
 * @throws QuotaScanUnsupportedError for other storages; the vfs and provider errors otherwise.
 */
export async function scanUserQuota(
  provider: DataProvider,
  user: User,
  signal?: AbortSignal,
): Promise<UsageTotals> {
  const label = `user ${user.username}`;
  const totals = await scanSubject({ label, filesystem: user.filesystem, root: user.home_dir }, signal);
  await provider.users.updateQuota(user, { ...totals, reset: true });
  return totals;
}

/**
 * Recomputes a virtual folder's used quota from the files under its mapped path and stores it.
 * @throws QuotaScanUnsupportedError for storages other than local disk.
 */
export async function scanFolderQuota(
  provider: DataProvider,
  folder: BaseVirtualFolder,
  signal?: AbortSignal,
): Promise<UsageTotals> {
  const label = `folder ${folder.name}`;
  const totals = await scanSubject(
    { label, filesystem: folder.filesystem, root: folder.mapped_path },
    signal,
  );
  await provider.folders.updateQuota(folder.name, { ...totals, reset: true });
  return totals;
}
