/**
 * SFTP version 3 numbers (draft-ietf-secsh-filexfer-02) and the OpenSSH extension names
 * (OpenSSH's PROTOCOL file, section 4).
 */

/** Packet types. */
export const PacketType = {
  INIT: 1,
  VERSION: 2,
  OPEN: 3,
  CLOSE: 4,
  READ: 5,
  WRITE: 6,
  LSTAT: 7,
  FSTAT: 8,
  SETSTAT: 9,
  FSETSTAT: 10,
  OPENDIR: 11,
  READDIR: 12,
  REMOVE: 13,
  MKDIR: 14,
  RMDIR: 15,
  REALPATH: 16,
  STAT: 17,
  RENAME: 18,
  READLINK: 19,
  SYMLINK: 20,
  STATUS: 101,
  HANDLE: 102,
  DATA: 103,
  NAME: 104,
  ATTRS: 105,
  EXTENDED: 200,
  EXTENDED_REPLY: 201,
} as const;

/** Status codes of SSH_FXP_STATUS (draft section 7). */
export const StatusCode = {
  OK: 0,
  EOF: 1,
  NO_SUCH_FILE: 2,
  PERMISSION_DENIED: 3,
  FAILURE: 4,
  BAD_MESSAGE: 5,
  NO_CONNECTION: 6,
  CONNECTION_LOST: 7,
  OP_UNSUPPORTED: 8,
} as const;

/** A status code value. */
export type StatusCodeValue = (typeof StatusCode)[keyof typeof StatusCode];

/** SSH_FXP_OPEN pflags (draft section 6.3). */
export const OpenFlag = {
  READ: 0x01,
  WRITE: 0x02,
  APPEND: 0x04,
  CREAT: 0x08,
  TRUNC: 0x10,
  EXCL: 0x20,
} as const;

/** Attribute flags (draft section 5). */
export const AttrFlag = {
  SIZE: 0x01,
  UIDGID: 0x02,
  PERMISSIONS: 0x04,
  ACMODTIME: 0x08,
  EXTENDED: 0x80000000,
} as const;

/** The protocol version the server speaks. */
export const SFTP_VERSION = 3;

/** Names of the SSH_FXP_EXTENDED requests served. */
export const Extension = {
  POSIX_RENAME: 'posix-rename@openssh.com',
  STATVFS: 'statvfs@openssh.com',
  FSTATVFS: 'fstatvfs@openssh.com',
  HARDLINK: 'hardlink@openssh.com',
  FSYNC: 'fsync@openssh.com',
  LIMITS: 'limits@openssh.com',
  LSETSTAT: 'lsetstat@openssh.com',
  EXPAND_PATH: 'expand-path@openssh.com',
  COPY_DATA: 'copy-data',
  CHECK_FILE_NAME: 'check-file-name',
  CHECK_FILE_HANDLE: 'check-file-handle',
} as const;

/** Hash algorithms of check-file-name / check-file-handle, by their names in the draft. */
export const CHECK_FILE_ALGORITHMS = ['md5', 'sha1', 'sha256', 'sha384', 'sha512'] as const;

/**
 * Extensions advertised in SSH_FXP_VERSION with their data: the versions OpenSSH announces, and for
 * the check-file requests the algorithms served.
 */
export const ADVERTISED_EXTENSIONS: readonly (readonly [string, string])[] = [
  [Extension.POSIX_RENAME, '1'],
  [Extension.STATVFS, '2'],
  [Extension.FSTATVFS, '2'],
  [Extension.FSYNC, '1'],
  [Extension.LIMITS, '1'],
  [Extension.LSETSTAT, '1'],
  [Extension.EXPAND_PATH, '1'],
  [Extension.COPY_DATA, '1'],
  [Extension.CHECK_FILE_NAME, CHECK_FILE_ALGORITHMS.join(',')],
  [Extension.CHECK_FILE_HANDLE, CHECK_FILE_ALGORITHMS.join(',')],
];

/** Advertised besides {@link ADVERTISED_EXTENSIONS} when the user's storage has hard links. */
export const HARDLINK_EXTENSION: readonly [string, string] = [Extension.HARDLINK, '1'];
