import type { FsActionEvent } from './fs-action-event.js';

/** A whole number as Go's `%d` and JSON encoder print an int64: digits, never an exponent. */
function int(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  return Number.isFinite(value) ? BigInt(Math.trunc(value)).toString() : '0';
}

/** The metadata entries sorted by name, as Go writes a map; empty when there are none. */
function metadataEntries(event: FsActionEvent): [string, string][] {
  return Object.entries(event.metadata ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The metadata as a JSON object with Go's key order and escaping. */
function metadataJson(entries: readonly [string, string][]): string {
  return `{${entries.map(([k, v]) => `${goString(k)}:${goString(v)}`).join(',')}}`;
}

/**
 * The environment a program hook receives for an event: every `SFTPGO_ACTION*` variable SFTPGo sets,
 * empty ones included (a script can rely on each name being present), numbers in decimal, the timestamp
 * in nanoseconds since the epoch and the elapsed time in milliseconds. `SFTPGO_ACTION_METADATA` (a JSON
 * object) is added only when the event has metadata.
 */
export function fsActionEnv(event: FsActionEvent): Record<string, string> {
  const env: Record<string, string> = {
    SFTPGO_ACTION: event.action,
    SFTPGO_ACTION_USERNAME: event.username,
    SFTPGO_ACTION_PATH: event.path,
    SFTPGO_ACTION_TARGET: event.targetPath,
    SFTPGO_ACTION_VIRTUAL_PATH: event.virtualPath,
    SFTPGO_ACTION_VIRTUAL_TARGET: event.virtualTargetPath,
    SFTPGO_ACTION_SSH_CMD: event.sshCmd,
    SFTPGO_ACTION_FILE_SIZE: int(event.fileSize),
    SFTPGO_ACTION_ELAPSED: int(event.elapsed),
    SFTPGO_ACTION_FS_PROVIDER: int(event.fsProvider),
    SFTPGO_ACTION_BUCKET: event.bucket,
    SFTPGO_ACTION_ENDPOINT: event.endpoint,
    SFTPGO_ACTION_STATUS: int(event.status),
    SFTPGO_ACTION_PROTOCOL: event.protocol,
    SFTPGO_ACTION_IP: event.ip,
    SFTPGO_ACTION_SESSION_ID: event.sessionId,
    SFTPGO_ACTION_OPEN_FLAGS: int(event.openFlags),
    SFTPGO_ACTION_TIMESTAMP: int(event.timestamp),
    SFTPGO_ACTION_ROLE: event.role,
  };
  const metadata = metadataEntries(event);
  if (metadata.length > 0) env.SFTPGO_ACTION_METADATA = metadataJson(metadata);
  return env;
}

/**
 * A JSON string as Go's encoder writes it by default: like `JSON.stringify`, but `<`, `>`, `&`, U+2028
 * and U+2029 are written as `\u` escapes. Receivers that check a signature over the raw body see the
 * same bytes SFTPGo would send.
 */
export function goString(value: string): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The JSON body an HTTP hook receives for an event, byte for byte what SFTPGo sends: its field names and
 * order, empty optional fields left out as Go's `omitempty` does (`target_path`, `virtual_target_path`,
 * `ssh_cmd`, `file_size`, `bucket`, `endpoint`, `open_flags`, `role`, `elapsed`, `metadata` when empty or
 * zero), the nanosecond timestamp as an exact JSON integer, and a final newline.
 */
export function fsActionJson(event: FsActionEvent): string {
  const fields: string[] = [];
  const str = (key: string, value: string, omitEmpty: boolean) => {
    if (!omitEmpty || value !== '') fields.push(`"${key}":${goString(value)}`);
  };
  const num = (key: string, value: number | bigint, omitEmpty: boolean) => {
    const text = int(value);
    if (!omitEmpty || text !== '0') fields.push(`"${key}":${text}`);
  };
  str('action', event.action, false);
  str('username', event.username, false);
  str('path', event.path, false);
  str('target_path', event.targetPath, true);
  str('virtual_path', event.virtualPath, false);
  str('virtual_target_path', event.virtualTargetPath, true);
  str('ssh_cmd', event.sshCmd, true);
  num('file_size', event.fileSize, true);
  num('fs_provider', event.fsProvider, false);
  str('bucket', event.bucket, true);
  str('endpoint', event.endpoint, true);
  num('status', event.status, false);
  str('protocol', event.protocol, false);
  str('ip', event.ip, false);
  str('session_id', event.sessionId, false);
  num('timestamp', event.timestamp, false);
  num('open_flags', event.openFlags, true);
  str('role', event.role, true);
  num('elapsed', event.elapsed, true);
  const metadata = metadataEntries(event);
  if (metadata.length > 0) fields.push(`"metadata":${metadataJson(metadata)}`);
  return `{${fields.join(',')}}\n`;
}
