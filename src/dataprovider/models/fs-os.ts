/** Settings of the local filesystem (provider 0), also part of the encrypted local one. */
import { checkRange } from './checks.js';
import type { RecordSpec } from './record.js';
import { childField } from './validation-error.js';

/** Local filesystem settings. */
export interface OSFsConfig {
  /** Read buffer, in MB, for downloads: 0..10, 0 means no buffering. */
  read_buffer_size: number;
  /** Write buffer, in MB, for uploads: 0..10, 0 means no buffering. */
  write_buffer_size: number;
}

/** JSON layout of {@link OSFsConfig}. */
export const OS_FS_SPEC: RecordSpec<OSFsConfig> = { read_buffer_size: 'int', write_buffer_size: 'int' };

const MAX_BUFFER_MB = 10;

/** @throws {ValidationError} when a buffer size is out of range. */
export function validateOSFsConfig(config: OSFsConfig, field: string): void {
  checkRange(config.read_buffer_size, childField(field, 'read_buffer_size'), { min: 0, max: MAX_BUFFER_MB });
  checkRange(config.write_buffer_size, childField(field, 'write_buffer_size'), {
    min: 0,
    max: MAX_BUFFER_MB,
  });
}
