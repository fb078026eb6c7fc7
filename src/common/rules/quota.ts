/**
 * Disk quota arithmetic: which quota a path counts against, whether there is room for an upload or a
 * rename, and how many bytes an upload may still write. Pure: the caller reads the current usage (from
 * the data provider) and passes it in.
 *
 * Quota numbers follow SFTPGo: a limit of 0 means unlimited. A virtual folder mounted with
 * `quota_size` and `quota_files` both -1 is counted in its user's quota; otherwise it has its own limits
 * (0 = unlimited) and usage. Byte counts returned here use -1 for "unlimited".
 */
import type { User, VirtualFolder } from '../../dataprovider/models/index.js';
import type { TransferQuota } from './transfer-quota.js';
import { hasUploadSpace } from './transfer-quota.js';
import { resolveVirtualFolder } from './virtual-folders.js';
import { parentDir } from './virtual-path.js';

/** Disk quota limits. 0 means unlimited. */
export interface QuotaLimits {
  /** Bytes. */
  readonly quotaSize: number;
  /** Files. */
  readonly quotaFiles: number;
}

/** Disk quota limits and the current usage they are measured against. */
export interface QuotaUsage extends QuotaLimits {
  readonly usedSize: number;
  readonly usedFiles: number;
}

/** Whose quota a path counts against, with its limits. */
export type QuotaTarget =
  | { readonly kind: 'user'; readonly limits: QuotaLimits }
  | { readonly kind: 'folder'; readonly folderName: string; readonly limits: QuotaLimits };

/** What the quota lookups read from a user. */
export type QuotaHolder = Pick<User, 'virtual_folders' | 'quota_size' | 'quota_files'>;

/** True when a mounted folder is counted in its user's quota (`quota_size` and `quota_files` both -1). */
export function isIncludedInUserQuota(folder: Pick<VirtualFolder, 'quota_size' | 'quota_files'>): boolean {
  return folder.quota_size === -1 && folder.quota_files === -1;
}

/**
 * The quota a file at `virtualPath` counts against: the folder serving the file's directory when it has
 * its own quota, else the user's. Uploads are checked, and their usage updated, against this target.
 */
export function quotaTargetForPath(user: QuotaHolder, virtualPath: string): QuotaTarget {
  const mount = resolveVirtualFolder(user, parentDir(virtualPath));
  if (mount !== undefined && !isIncludedInUserQuota(mount.folder)) {
    return {
      kind: 'folder',
      folderName: mount.folder.name,
      limits: { quotaSize: mount.folder.quota_size, quotaFiles: mount.folder.quota_files },
    };
  }
  return { kind: 'user', limits: { quotaSize: user.quota_size, quotaFiles: user.quota_files } };
}

/**
 * True when limits restrict anything: a size limit, or (when files count) a files limit. Without
 * restrictions the usage need not be read at all.
 */
export function hasQuotaRestrictions(limits: QuotaLimits, checkFiles: boolean): boolean {
  return limits.quotaSize > 0 || (checkFiles && limits.quotaFiles > 0);
}

/** The outcome of {@link checkQuota}. */
export interface QuotaCheck {
  /** False when the size limit is reached, or (when files count) the files limit. */
  readonly hasSpace: boolean;
  /** Bytes left before the size limit (0 or less once reached); -1 without a size limit. */
  readonly remainingSize: number;
  /** Files left before the files limit (0 or less once reached); -1 without a files limit. */
  readonly remainingFiles: number;
}

/**
 * Checks usage against limits. A limit is reached when the usage equals it: with 100 bytes allowed and 100
 * used there is no space. `checkFiles` is true when the operation adds files (a new upload) and false when
 * it only rewrites one (an overwrite or a resume), which needs no room in the files limit.
 */
export function checkQuota(usage: QuotaUsage, checkFiles: boolean): QuotaCheck {
  const remainingSize = usage.quotaSize > 0 ? usage.quotaSize - usage.usedSize : -1;
  const remainingFiles = usage.quotaFiles > 0 ? usage.quotaFiles - usage.usedFiles : -1;
  const filesFull = checkFiles && usage.quotaFiles > 0 && usage.usedFiles >= usage.quotaFiles;
  const sizeFull = usage.quotaSize > 0 && usage.usedSize >= usage.quotaSize;
  return { hasSpace: !filesFull && !sizeFull, remainingSize, remainingFiles };
}

/** How an upload writes: a new file, a file replaced from its start, or a file appended to. */
export type UploadMode = 'new' | 'overwrite' | 'resume';

/** The input of {@link checkQuotaForUpload}. */
export interface UploadQuotaRequest {
  /** Limits and usage of the upload's quota target (limits 0 when quota tracking is off). */
  readonly usage: QuotaUsage;
  /** `filters.max_upload_file_size`: the largest file an upload may leave, in bytes; 0 unlimited. */
  readonly maxUploadFileSize: number;
  readonly mode: UploadMode;
  /** Size of the file being overwritten or resumed; 0 for a new file. */
  readonly existingSize: number;
  /** For `resume`: whether the storage can append to a file. Default true. */
  readonly resumeSupported?: boolean;
  /** The data transfer quota, when the user has one; no upload room left refuses the upload. */
  readonly transfer?: TransferQuota;
}

/** The outcome of {@link checkQuotaForUpload}. */
export type UploadQuotaDecision =
  | {
      readonly allowed: true;
      /**
       * The most bytes this upload may write (the transfer fails once it receives more); -1 for no
       * limit. For a resume it counts from the resume offset.
       */
      readonly maxWriteSize: number;
    }
  | { readonly allowed: false; readonly error: 'quota-exceeded' | 'unsupported'; readonly message: string };

/**
 * Decides whether an upload may start and how much it may write, as SFTPGo does when it opens a file for
 * writing:
 *
 * - a new file needs room in both limits; an overwrite or resume only in the size limit (it adds no
 *   file);
 * - the bytes left in the size limit bound the write; an overwrite may also reuse the bytes of the file
 *   it replaces (`remaining + existingSize`);
 * - `max_upload_file_size` bounds the file's final size: a new file or overwrite may write that much, a
 *   resume that much minus what the file already holds (and a file already at the limit cannot be
 *   resumed at all);
 * - the smaller bound wins; without any bound the write is unlimited.
 */
export function checkQuotaForUpload(request: UploadQuotaRequest): UploadQuotaDecision {
  const { usage, maxUploadFileSize, mode, existingSize } = request;
  const quota = checkQuota(usage, mode === 'new');
  if (!quota.hasSpace || (request.transfer !== undefined && !hasUploadSpace(request.transfer))) {
    return { allowed: false, error: 'quota-exceeded', message: 'the quota is exhausted' };
  }
  let maxWriteSize = quota.remainingSize;
  if (mode === 'resume') {
    if (request.resumeSupported === false) {
      return { allowed: false, error: 'unsupported', message: 'this storage cannot resume uploads' };
    }
    if (maxUploadFileSize > 0) {
      if (maxUploadFileSize <= existingSize) {
        return {
          allowed: false,
          error: 'quota-exceeded',
          message: `the file already has ${existingSize} bytes, the most an upload may leave is ${maxUploadFileSize}`,
        };
      }
      const left = maxUploadFileSize - existingSize;
      if (maxWriteSize === -1 || left < maxWriteSize) maxWriteSize = left;
    }
    return { allowed: true, maxWriteSize };
  }
  if (maxWriteSize !== -1) maxWriteSize += existingSize;
  if (maxUploadFileSize > 0 && (maxWriteSize === -1 || maxUploadFileSize < maxWriteSize)) {
    maxWriteSize = maxUploadFileSize;
  }
  return { allowed: true, maxWriteSize };
}

/**
 * True while an upload has not written more than allowed: `bytesWritten` may reach `maxWriteSize` but
 * not exceed it. -1 allows anything.
 */
export function isWithinWriteLimit(maxWriteSize: number, bytesWritten: number): boolean {
  return maxWriteSize === -1 || bytesWritten <= maxWriteSize;
}

/**
 * The change to apply to the quota usage after an upload: one more file only when the upload created it
 * (never for an overwrite or a resume), and the size difference between the file now and before (what
 * was already counted for it).
 */
export function quotaDeltaAfterUpload(upload: {
  readonly createdFile: boolean;
  readonly finalSize: number;
  readonly countedSize: number;
}): { readonly files: number; readonly size: number } {
  return { files: upload.createdFile ? 1 : 0, size: upload.finalSize - upload.countedSize };
}

/** What a rename moves. */
export type MovedEntry =
  | { readonly kind: 'file'; readonly size: number }
  | { readonly kind: 'dir'; readonly files: number; readonly size: number }
  /** A symbolic link or another special entry: it counts for nothing. */
  | { readonly kind: 'other' };

/**
 * True when a rename from `source` to `target` moves usage from one quota to another and must be
 * checked with {@link checkRenameQuota}. Renames inside the user's own storage, inside one folder, or
 * between the user's storage and a folder counted in the user's quota need no check. (As in SFTPGo, a
 * move between two different folders both counted in the user's quota is checked against the user's
 * quota.)
 */
export function renameNeedsQuotaCheck(user: QuotaHolder, source: string, target: string): boolean {
  const from = resolveVirtualFolder(user, parentDir(source))?.folder;
  const to = resolveVirtualFolder(user, parentDir(target))?.folder;
  if (from === undefined && to === undefined) return false;
  if (from !== undefined && to !== undefined && from.name === to.name) return false;
  if (from === undefined && to !== undefined && isIncludedInUserQuota(to)) return false;
  if (to === undefined && from !== undefined && isIncludedInUserQuota(from)) return false;
  return true;
}

/** The input of {@link checkRenameQuota}. */
export interface RenameQuotaRequest {
  /** Limits and usage of the target's quota target (see {@link quotaTargetForPath}). */
  readonly usage: QuotaUsage;
  readonly moved: MovedEntry;
  /** Size of the regular file the rename replaces; undefined when the target does not exist (or is not a regular file). */
  readonly overwrittenSize?: number;
}

/**
 * True when the target's quota has room for what a rename brings in (when {@link renameNeedsQuotaCheck}
 * says it must be checked): a file brings its size and one file, or when it replaces a file only the size
 * difference; a directory brings its contents. A full quota refuses anything but the replacement of a
 * file that leaves the size within the limit.
 */
export function checkRenameQuota(request: RenameQuotaRequest): boolean {
  const { usage, moved, overwrittenSize } = request;
  const quota = checkQuota(usage, true);
  if (quota.hasSpace && usage.quotaSize === 0 && usage.quotaFiles === 0) return true;
  const replacing = overwrittenSize !== undefined;
  if (!quota.hasSpace && !replacing) return false;
  let sizeDiff = 0;
  let filesDiff = 0;
  if (moved.kind === 'file') {
    sizeDiff = replacing ? moved.size - overwrittenSize : moved.size;
    filesDiff = replacing ? 0 : 1;
  } else if (moved.kind === 'dir') {
    sizeDiff = moved.size;
    filesDiff = moved.files;
  }
  if (!quota.hasSpace) {
    // Over quota, replacing a file: fine as long as the size stays within the limit afterwards.
    if (usage.quotaSize === 0) return true;
    return usage.quotaSize - (usage.usedSize + sizeDiff) >= 0;
  }
  if (usage.quotaFiles > 0 && quota.remainingFiles < filesDiff) return false;
  return !(usage.quotaSize > 0 && quota.remainingSize < sizeDiff);
}

/** The input of {@link availableUploadSpace}. */
export interface AvailableSpaceRequest {
  /** Limits and usage of the directory's quota target. */
  readonly usage: QuotaUsage;
  readonly maxUploadFileSize: number;
  readonly transfer?: TransferQuota;
}

/**
 * How many bytes a client may upload into a directory (FTP `AVBL`): 0 when a quota is exhausted; the
 * smallest of the bytes left in the size limit, in the data transfer quota and `max_upload_file_size`;
 * `'storage'` when nothing limits it and the storage's free space is the answer.
 */
export function availableUploadSpace(request: AvailableSpaceRequest): number | 'storage' {
  const quota = checkQuota(request.usage, false);
  const transfer = request.transfer;
  if (!quota.hasSpace || (transfer !== undefined && !hasUploadSpace(transfer))) return 0;
  const allowedTransfer =
    transfer === undefined ? 0 : transfer.allowedTotal > 0 ? transfer.allowedTotal : transfer.allowedUpload;
  const allowedDisk = quota.remainingSize === -1 ? 0 : quota.remainingSize;
  const transferUnlimited =
    transfer === undefined || (transfer.allowedUpload === 0 && transfer.allowedTotal === 0);
  if (allowedDisk === 0 && transferUnlimited) {
    return request.maxUploadFileSize > 0 ? request.maxUploadFileSize : 'storage';
  }
  let allowed = allowedDisk;
  if (allowed === 0) allowed = allowedTransfer;
  else if (allowedTransfer > 0 && allowedTransfer < allowed) allowed = allowedTransfer;
  if (request.maxUploadFileSize > 0 && request.maxUploadFileSize < allowed) return request.maxUploadFileSize;
  return allowed;
}
