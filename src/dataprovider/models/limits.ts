/** Per-source limits in a user's filters: bandwidth (`bandwidth_limits`) and data transfer. */
import { checkRange } from './checks.js';
import { validateCIDRList } from './cidr-lists.js';
import type { RecordSpec } from './record.js';
import { ValidationError, childField } from './validation-error.js';

/** Bandwidth for clients from the given networks, overriding the user's own bandwidth limits. */
export interface BandwidthLimit {
  /** Networks in CIDR notation; at least one. */
  sources: string[];
  /** KB/s per upload; 0 means unlimited. */
  upload_bandwidth: number;
  /** KB/s per download; 0 means unlimited. */
  download_bandwidth: number;
}

/** JSON layout of {@link BandwidthLimit}. */
export const BANDWIDTH_LIMIT_SPEC: RecordSpec<BandwidthLimit> = {
  sources: 'strings!',
  upload_bandwidth: 'int',
  download_bandwidth: 'int',
};

/**
 * Data transfer allowance for clients from the given networks. Accepted from SFTPGo 2.3–2.5 data
 * (`filters.data_transfer_limits`); later SFTPGo versions dropped the feature.
 */
export interface DataTransferLimit {
  /** Networks in CIDR notation; at least one. */
  sources: string[];
  /** MB; 0 means no limit. */
  upload_data_transfer: number;
  /** MB; 0 means no limit. */
  download_data_transfer: number;
  /** MB for uploads and downloads together, instead of the separate values; 0 means no limit. */
  total_data_transfer: number;
}

/** JSON layout of {@link DataTransferLimit}. */
export const DATA_TRANSFER_LIMIT_SPEC: RecordSpec<DataTransferLimit> = {
  sources: 'strings!',
  upload_data_transfer: 'int',
  download_data_transfer: 'int',
  total_data_transfer: 'int',
};

function checkSources(sources: readonly string[], field: string): string[] {
  const sourcesField = childField(field, 'sources');
  if (sources.length === 0)
    throw new ValidationError(sourcesField, 'at least one source network is required');
  return validateCIDRList(sources, sourcesField);
}

/**
 * Checks the sources; negative bandwidths become 0 (unlimited), as SFTPGo does.
 * @throws {ValidationError} for missing or invalid sources.
 */
export function validateBandwidthLimit(limit: BandwidthLimit, field: string): BandwidthLimit {
  return {
    sources: checkSources(limit.sources, field),
    upload_bandwidth: Math.max(0, limit.upload_bandwidth),
    download_bandwidth: Math.max(0, limit.download_bandwidth),
  };
}

/**
 * Checks the sources and values; a total allowance resets the separate ones, as SFTPGo does.
 * @throws {ValidationError} for missing or invalid sources or negative values.
 */
export function validateDataTransferLimit(limit: DataTransferLimit, field: string): DataTransferLimit {
  const total = checkRange(limit.total_data_transfer, childField(field, 'total_data_transfer'), { min: 0 });
  const upload = checkRange(limit.upload_data_transfer, childField(field, 'upload_data_transfer'), {
    min: 0,
  });
  const download = checkRange(limit.download_data_transfer, childField(field, 'download_data_transfer'), {
    min: 0,
  });
  return {
    sources: checkSources(limit.sources, field),
    upload_data_transfer: total > 0 ? 0 : upload,
    download_data_transfer: total > 0 ? 0 : download,
    total_data_transfer: total,
  };
}
