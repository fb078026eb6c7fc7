// The record kinds of the log contract and how each becomes a JSON object. Key names, key order
// and value formats follow SFTPGo's records exactly: log tooling and fail2ban filters match the
// raw lines, so even the order matters.
import { formatFileMode } from './file-mode.js';
import { formatCommandTime } from './log-time.js';
import { redactNested } from './redaction.js';

/** Record levels, printed as these strings in `level`. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The protocol names written in `protocol` (SFTPGo's spelling). */
export type LogProtocol =
  'SFTP' | 'SCP' | 'SSH' | 'FTP' | 'DAV' | 'HTTP' | 'HTTPShare' | 'DataRetention' | 'OIDC' | 'EventAction';

/**
 * Context a child logger adds to its records: a connection's id, protocol and user. Every field
 * is optional and written only when non-empty.
 */
export interface LogBindings {
  /** Written as `connection_id`. */
  readonly connectionId?: string;
  /** Written as `protocol`. */
  readonly protocol?: LogProtocol;
  /** Written as `username`. */
  readonly username?: string;
}

/** The `sender` of a transfer record. */
export type TransferOperation = 'Upload' | 'Download';

/**
 * A finished upload or download. Logged at `info`, or at `error` when `error` is set.
 * `username`, `connectionId` and `protocol` default to the logger's bindings.
 */
export interface TransferLogRecord {
  /** Written as `sender`. */
  readonly operation: TransferOperation;
  /** Storage-side (fs) path, as `file_path`. */
  readonly filePath: string;
  /** Path as the client sees it, as `virtual_path`. */
  readonly virtualPath: string;
  /** Written as `elapsed_ms` (truncated to an integer). */
  readonly elapsedMs: number;
  /** Bytes transferred, as `size_bytes` (truncated to an integer). */
  readonly sizeBytes: number;
  /** Address the connection arrived on (`127.0.0.1:2022`), as `local_addr`. */
  readonly localAddr: string;
  /** Client address, with or without port, as `remote_addr`. */
  readonly remoteAddr: string;
  readonly username?: string;
  readonly connectionId?: string;
  readonly protocol?: LogProtocol;
  /** FTP only, as `ftp_mode`; left out of the record when not set. */
  readonly ftpMode?: 'active' | 'passive';
  /** Why the transfer failed, as `error`; left out when the transfer succeeded. */
  readonly error?: Error | string;
}

/** The `sender` of a command record. */
export type CommandLogSender =
  | 'Rename'
  | 'Rmdir'
  | 'Mkdir'
  | 'Symlink'
  | 'Link'
  | 'Remove'
  | 'Chmod'
  | 'Chown'
  | 'Chtimes'
  | 'Truncate'
  | 'Copy'
  | 'SSHCommand';

/**
 * A file system command that succeeded, logged at `info`. Every key is always written; fields
 * that do not apply to the command get SFTPGo's placeholders (`""` for text, `-1` for numbers).
 * `username`, `connectionId` and `protocol` default to the logger's bindings.
 */
export interface CommandLogRecord {
  /** Written as `sender`. */
  readonly command: CommandLogSender;
  /** Storage-side path, as `file_path`. */
  readonly filePath: string;
  /** Storage-side target (rename, symlink, copy…), as `target_path`. */
  readonly targetPath?: string;
  /** Client-side path, as `virtual_path`. */
  readonly virtualPath: string;
  /** Client-side target, as `virtual_target_path`. */
  readonly virtualTargetPath?: string;
  /** Chmod: the new mode, printed as `-rw-r--r--` in `filemode`. */
  readonly fileMode?: number;
  /** Chown: the new owner, as `uid`. */
  readonly uid?: number;
  /** Chown: the new group, as `gid`. */
  readonly gid?: number;
  /** Chtimes: printed `YYYY-MM-DDTHH:MM:SS` in `access_time`, in the log's time zone. */
  readonly accessTime?: Date;
  /** Chtimes: printed `YYYY-MM-DDTHH:MM:SS` in `modification_time`. */
  readonly modificationTime?: Date;
  /** Truncate: the new size, as `size`. */
  readonly size?: number;
  /** SSHCommand: the command line, as `ssh_command`. */
  readonly sshCommand?: string;
  /** Written as `elapsed` (milliseconds, truncated to an integer). */
  readonly elapsedMs: number;
  readonly localAddr: string;
  readonly remoteAddr: string;
  readonly username?: string;
  readonly connectionId?: string;
  readonly protocol?: LogProtocol;
}

/**
 * One served HTTP request (REST API, web UIs, WebClient), sender `httpd`. Logged at `error` for a
 * 5xx status, `warn` for 4xx and `debug` otherwise, as SFTPGo does.
 */
export interface HttpLogRecord {
  readonly localAddr: string;
  readonly remoteAddr: string;
  /** `HTTP/1.1`, `HTTP/2.0`…, as `proto`. */
  readonly proto: string;
  readonly method: string;
  /** Written as `user_agent`. */
  readonly userAgent: string;
  /** Full URI with scheme and host (`https://host:8080/api/v2/users`), as `uri`. */
  readonly uri: string;
  /** TLS cipher suite name, as `cipher_suite`; `""` for plain HTTP. */
  readonly cipherSuite?: string;
  /** Written as `request_id`, only when set. */
  readonly requestId?: string;
  /** Written as `resp_status`. */
  readonly respStatus: number;
  /** Response bytes, as `resp_size`. */
  readonly respSize: number;
  /** Written as `elapsed_ms` (truncated to an integer). */
  readonly elapsedMs: number;
}

/** How a client tried to log in, as written in `login_type` (SFTPGo's spelling). */
export type LoginType =
  | 'no_auth_tried'
  | 'password'
  | 'password-over-SSH'
  | 'publickey'
  | 'keyboard-interactive'
  | 'publickey+password'
  | 'publickey+keyboard-interactive'
  | 'TLSCertificate'
  | 'TLSCertificate+password'
  | 'IDP';

/**
 * A connection that failed before or during login (bad credentials, client gone, login timeout),
 * sender `connection_failed`: the record fail2ban watches. Logged at `debug`, as SFTPGo does.
 * `username` and `protocol` default to the logger's bindings.
 */
export interface ConnectionFailedLogRecord {
  /** Client IP without port, as `client_ip`. */
  readonly clientIp: string;
  /** Login name tried; `""` when the client left before trying one. */
  readonly username?: string;
  /** Written as `login_type`. */
  readonly loginType: LoginType;
  readonly protocol?: LogProtocol;
  /** Why it failed, as `error`. */
  readonly error: Error | string;
}

function errorText(error: Error | string): string {
  return typeof error === 'string' ? error : error.message;
}

function integer(value: number): number {
  return Math.trunc(value);
}

/** The level of a transfer record: `error` for a failed transfer, else `info`. */
export function transferLevel(record: TransferLogRecord): LogLevel {
  return record.error === undefined ? 'info' : 'error';
}

/** The keys of a transfer record, in contract order. */
export function transferFields(record: TransferLogRecord, bindings: LogBindings): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    sender: record.operation,
    local_addr: record.localAddr,
    remote_addr: record.remoteAddr,
    elapsed_ms: integer(record.elapsedMs),
    size_bytes: integer(record.sizeBytes),
    username: record.username ?? bindings.username ?? '',
    file_path: record.filePath,
    virtual_path: record.virtualPath,
    connection_id: record.connectionId ?? bindings.connectionId ?? '',
    protocol: record.protocol ?? bindings.protocol ?? '',
  };
  if (record.ftpMode !== undefined) fields.ftp_mode = record.ftpMode;
  if (record.error !== undefined) fields.error = errorText(record.error);
  return fields;
}

/**
 * The keys of a command record, in contract order; `utc` picks the zone of `access_time` and
 * `modification_time`. Command records are logged at `info`.
 */
export function commandFields(
  record: CommandLogRecord,
  bindings: LogBindings,
  utc: boolean,
): Record<string, unknown> {
  return {
    sender: record.command,
    local_addr: record.localAddr,
    remote_addr: record.remoteAddr,
    username: record.username ?? bindings.username ?? '',
    file_path: record.filePath,
    target_path: record.targetPath ?? '',
    virtual_path: record.virtualPath,
    virtual_target_path: record.virtualTargetPath ?? '',
    filemode: record.fileMode === undefined ? '' : formatFileMode(record.fileMode),
    uid: record.uid ?? -1,
    gid: record.gid ?? -1,
    access_time: record.accessTime === undefined ? '' : formatCommandTime(record.accessTime, utc),
    modification_time:
      record.modificationTime === undefined ? '' : formatCommandTime(record.modificationTime, utc),
    size: record.size === undefined ? -1 : integer(record.size),
    elapsed: integer(record.elapsedMs),
    ssh_command: record.sshCommand ?? '',
    connection_id: record.connectionId ?? bindings.connectionId ?? '',
    protocol: record.protocol ?? bindings.protocol ?? '',
  };
}

/** The level of an HTTP record: `error` for 5xx, `warn` for 4xx, else `debug`. */
export function httpLevel(record: HttpLogRecord): LogLevel {
  return record.respStatus >= 500 ? 'error' : record.respStatus >= 400 ? 'warn' : 'debug';
}

/** The keys of an HTTP record: after `sender`, alphabetical order, as SFTPGo's are. */
export function httpFields(record: HttpLogRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    sender: 'httpd',
    cipher_suite: record.cipherSuite ?? '',
    local_addr: record.localAddr,
    method: record.method,
    proto: record.proto,
    remote_addr: record.remoteAddr,
  };
  if (record.requestId !== undefined && record.requestId !== '') fields.request_id = record.requestId;
  fields.uri = record.uri;
  fields.user_agent = record.userAgent;
  fields.resp_status = record.respStatus;
  fields.resp_size = integer(record.respSize);
  fields.elapsed_ms = integer(record.elapsedMs);
  return fields;
}

/** The keys of a `connection_failed` record, in contract order; logged at `debug`. */
export function connectionFailedFields(
  record: ConnectionFailedLogRecord,
  bindings: LogBindings,
): Record<string, unknown> {
  return {
    sender: 'connection_failed',
    client_ip: record.clientIp,
    username: record.username ?? bindings.username ?? '',
    login_type: record.loginType,
    protocol: record.protocol ?? bindings.protocol ?? '',
    error: errorText(record.error),
  };
}

/** Keys an app record's extra fields cannot replace: they carry the contract. */
const reservedKeys: ReadonlySet<string> = new Set(['level', 'time', 'sender', 'message']);

/**
 * Builds the fields of an app record: `sender`, the bindings (`connection_id`, `protocol`,
 * `username`, each only when non-empty), then the caller's extra fields except reserved keys,
 * with secrets nested in object values redacted (top-level ones are pino's job).
 */
export function appFields(
  sender: string,
  bindings: LogBindings,
  extra: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const fields: Record<string, unknown> = { sender };
  if (bindings.connectionId) fields.connection_id = bindings.connectionId;
  if (bindings.protocol) fields.protocol = bindings.protocol;
  if (bindings.username) fields.username = bindings.username;
  if (extra !== undefined) {
    for (const key of Object.keys(extra)) {
      if (!reservedKeys.has(key)) fields[key] = redactNested(extra[key]);
    }
  }
  return fields;
}
