/** Uploads and downloads opened by a `Connection`: byte counting, quotas, bandwidth, upload modes. */
export type { BandwidthLimits } from './bandwidth.js';
export { bandwidthFor, throttleDelay } from './bandwidth.js';
export type { BaseTransferOptions } from './base-transfer.js';
export { BaseTransfer } from './base-transfer.js';
export type { DownloadTransferOptions } from './download-transfer.js';
export { DownloadTransfer } from './download-transfer.js';
export type { QuotaDelta, TransferActionFields, TransferHost } from './transfer-host.js';
export type { UploadTransferOptions } from './upload-transfer.js';
export { UploadTransfer } from './upload-transfer.js';
