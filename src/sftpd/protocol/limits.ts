/** The bounds one SFTP session keeps to. */
export interface SftpLimits {
  /** Largest packet accepted, counting the type byte but not the 4-byte length. */
  readonly maxPacketLength: number;
  /** Largest data one READ returns (longer reads get a short reply, as OpenSSH does). */
  readonly maxReadLength: number;
  /** Largest data one WRITE may carry. */
  readonly maxWriteLength: number;
  /** Open file and directory handles at once; OPEN / OPENDIR beyond it fail. */
  readonly maxOpenHandles: number;
  /**
   * Requests being served or whose replies wait for the channel; at the limit the session stops
   * reading the channel, so the client's window fills up.
   */
  readonly maxOutstandingRequests: number;
  /** Entries per READDIR reply. */
  readonly readdirPageSize: number;
  /** Bytes moved per step of a `copy-data` request. */
  readonly copyChunkSize: number;
}

/** The defaults: 256 KiB packets, with reads and writes of 255 KiB so their packets fit. */
export const DEFAULT_SFTP_LIMITS: SftpLimits = {
  maxPacketLength: 256 * 1024,
  maxReadLength: 255 * 1024,
  maxWriteLength: 255 * 1024,
  maxOpenHandles: 256,
  maxOutstandingRequests: 64,
  readdirPageSize: 100,
  copyChunkSize: 64 * 1024,
};
