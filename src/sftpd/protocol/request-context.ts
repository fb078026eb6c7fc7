/** What the request handlers share, and the helpers they all use. */
import { posix } from 'node:path';
import type { Connection } from '../../common/connection/index.js';
import { InvalidPathError } from '../../common/connection/index.js';
import type { FieldReader } from './field-reader.js';
import type { HandleTable } from './handles.js';
import type { SftpLimits } from './limits.js';
import type { BufferPool } from '../buffer-pool.js';

/** The state a request handler works on. */
export interface RequestContext {
  readonly connection: Connection;
  readonly handles: HandleTable;
  readonly limits: SftpLimits;
  /**
   * Where relative paths start: the user's `filters.start_directory`, or `/`. REALPATH of `.` answers
   * it, so clients begin their session there.
   */
  readonly startDirectory: string;
  /** Where DATA replies come from when the channel lets them be recycled ({@link dataReplyInto}). */
  readonly replyBuffers?: BufferPool;
}

/**
 * Serves one request: parses its fields (after the id) and resolves to the reply packet. Throwing a
 * connection error makes a status reply; throwing `SftpProtocolError` ends the session.
 */
export type RequestHandler = (ctx: RequestContext, id: number, fields: FieldReader) => Promise<Buffer>;

/** A string field as text. @throws {InvalidPathError} when it is not UTF-8. */
export function readText(fields: FieldReader, what: string): string {
  const text = fields.text(what);
  if (text === undefined) throw new InvalidPathError(`${what} is not valid UTF-8`);
  return text;
}

/**
 * A path field as an absolute virtual path: relative paths (`""` and `.` included) start at the
 * session's start directory; `.` and `..` are resolved lexically, never above `/`.
 * @throws {InvalidPathError} when it is not UTF-8.
 */
export function readPath(ctx: RequestContext, fields: FieldReader, what = 'path'): string {
  return toVirtualPath(readText(fields, what), ctx.startDirectory);
}

/** `path` made absolute from `base` (a clean absolute path, default `/`) and cleaned. */
export function toVirtualPath(path: string, base = '/'): string {
  const absolute = posix.normalize(path.startsWith('/') ? path : `${base}/${path}`);
  return absolute.length > 1 && absolute.endsWith('/') ? absolute.slice(0, -1) : absolute;
}

/** A handle field as the string the handle table uses (handles are ASCII digits). */
export function readHandle(fields: FieldReader): string {
  return fields.bytes('handle').toString('latin1');
}
