/**
 * Data transfer quota arithmetic: how many bytes a user may still upload and download until the
 * counters are reset (`upload_data_transfer`, `download_data_transfer`, `total_data_transfer`, in MB).
 * Pure: the caller reads the used counters and passes them in.
 */
import type { User } from '../../dataprovider/models/index.js';

const MB = 1024 * 1024;

/** Data transfer limits and what is left of them, in bytes. */
export interface TransferQuota {
  /** Upload limit; 0 when there is none. */
  readonly uploadLimit: number;
  /** Download limit; 0 when there is none. */
  readonly downloadLimit: number;
  /** Limit for uploads and downloads together; 0 when there is none. When set it replaces the other two. */
  readonly totalLimit: number;
  /** Bytes left to upload: 0 without an upload limit, 0 or less once it is used up. */
  readonly allowedUpload: number;
  /** Bytes left to download: 0 without a download limit, 0 or less once it is used up. */
  readonly allowedDownload: number;
  /** Bytes left in the total limit: 0 without one, 0 or less once it is used up. */
  readonly allowedTotal: number;
}

/** What the transfer quota reads from a user. */
export type TransferLimitsHolder = Pick<
  User,
  'upload_data_transfer' | 'download_data_transfer' | 'total_data_transfer'
>;

/** True when the user has any data transfer limit (only then must the used counters be read). */
export function hasTransferQuotaRestrictions(user: TransferLimitsHolder): boolean {
  return user.upload_data_transfer > 0 || user.download_data_transfer > 0 || user.total_data_transfer > 0;
}

/** The transfer quota of a user given the bytes uploaded and downloaded since the last reset. */
export function transferQuota(
  user: TransferLimitsHolder,
  used: { readonly uploaded: number; readonly downloaded: number },
): TransferQuota {
  const uploadLimit = Math.max(user.upload_data_transfer, 0) * MB;
  const downloadLimit = Math.max(user.download_data_transfer, 0) * MB;
  const totalLimit = Math.max(user.total_data_transfer, 0) * MB;
  return {
    uploadLimit,
    downloadLimit,
    totalLimit,
    allowedUpload: uploadLimit > 0 ? uploadLimit - used.uploaded : 0,
    allowedDownload: downloadLimit > 0 ? downloadLimit - used.downloaded : 0,
    allowedTotal: totalLimit > 0 ? totalLimit - (used.uploaded + used.downloaded) : 0,
  };
}

/** True when an upload may start: no limit applies, or the limit that applies (total first) has bytes left. */
export function hasUploadSpace(quota: TransferQuota): boolean {
  if (quota.totalLimit <= 0 && quota.uploadLimit <= 0) return true;
  return quota.totalLimit > 0 ? quota.allowedTotal > 0 : quota.allowedUpload > 0;
}

/** True when a download may start: no limit applies, or the limit that applies (total first) has bytes left. */
export function hasDownloadSpace(quota: TransferQuota): boolean {
  if (quota.totalLimit <= 0 && quota.downloadLimit <= 0) return true;
  return quota.totalLimit > 0 ? quota.allowedTotal > 0 : quota.allowedDownload > 0;
}

/**
 * Bytes an upload or a download may still move under the limit that applies (total first), never less
 * than 0; -1 when no limit applies.
 */
export function transferAllowance(quota: TransferQuota, direction: 'upload' | 'download'): number {
  if (quota.totalLimit > 0) return Math.max(0, quota.allowedTotal);
  const [limit, allowed] =
    direction === 'upload'
      ? [quota.uploadLimit, quota.allowedUpload]
      : [quota.downloadLimit, quota.allowedDownload];
  return limit > 0 ? Math.max(0, allowed) : -1;
}

/** Bytes moved by one transfer so far. */
export interface TransferredBytes {
  readonly received: number;
  readonly sent: number;
}

/**
 * True while a running upload stays within the transfer quota computed when it started: the bytes it
 * moved (sent and received, for the total limit; received, for the upload limit) may reach what was left
 * but not exceed it.
 */
export function isUploadWithinTransferQuota(quota: TransferQuota, bytes: TransferredBytes): boolean {
  if (quota.allowedTotal > 0) return bytes.sent + bytes.received <= quota.allowedTotal;
  if (quota.allowedUpload > 0) return bytes.received <= quota.allowedUpload;
  return true;
}

/** As {@link isUploadWithinTransferQuota}, for a running download (bytes sent count against the download limit). */
export function isDownloadWithinTransferQuota(quota: TransferQuota, bytes: TransferredBytes): boolean {
  if (quota.allowedTotal > 0) return bytes.sent + bytes.received <= quota.allowedTotal;
  if (quota.allowedDownload > 0) return bytes.sent <= quota.allowedDownload;
  return true;
}
