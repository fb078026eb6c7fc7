/**
 * Counter changes, computed once and applied by each driver: the SQL drivers turn them into one
 * UPDATE statement, the memory driver into a new row.
 */
import { checkInteger } from './limits.js';
import type { QuotaChange, TransferChange } from './stores.js';

/** Columns to add to and columns to set, applied together and atomically. */
export interface ColumnChange {
  readonly add?: Readonly<Record<string, number>>;
  readonly set?: Readonly<Record<string, number>>;
}

/**
 * The change of disk usage counters, stamping `last_quota_update`.
 * @throws {@link StoreInvalidArgumentError} if a value is not a safe integer.
 */
export function quotaColumnChange(change: QuotaChange, now: number): ColumnChange {
  const counters = {
    used_quota_size: checkInteger('quota size', change.size),
    used_quota_files: checkInteger('quota files', change.files),
  };
  return change.reset
    ? { set: { ...counters, last_quota_update: now } }
    : { add: counters, set: { last_quota_update: now } };
}

/**
 * The change of data transfer counters.
 * @throws {@link StoreInvalidArgumentError} if a value is not a safe integer.
 */
export function transferColumnChange(change: TransferChange): ColumnChange {
  const counters = {
    used_upload_data_transfer: checkInteger('upload data transfer', change.upload),
    used_download_data_transfer: checkInteger('download data transfer', change.download),
  };
  return change.reset ? { set: counters } : { add: counters };
}

/** Applies a change to a row (memory driver). */
export function applyColumnChange<R extends Readonly<Record<string, unknown>>>(
  row: R,
  change: ColumnChange,
): R {
  const next: Record<string, unknown> = { ...row };
  for (const [column, delta] of Object.entries(change.add ?? {}))
    next[column] = Number(row[column] ?? 0) + delta;
  for (const [column, value] of Object.entries(change.set ?? {})) next[column] = value;
  return next as R;
}
