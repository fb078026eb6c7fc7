/**
 * SSH_FXP_EXTENDED requests: `uint32 id, string extended-request, ...request data`. Each handler's
 * comment gives the data layout (OpenSSH's PROTOCOL file, section 4; copy-data from
 * draft-ietf-secsh-filexfer-extensions-00).
 */
import { FailureError } from '../../common/connection/index.js';
import type { DownloadTransfer, UploadTransfer } from '../../common/transfer/index.js';
import { checkFileHandle, checkFileName } from './check-file.js';
import { onHandle } from './handles.js';
import { Extension, StatusCode } from './constants.js';
import type { FieldReader } from './field-reader.js';
import { nameReply, okReply, statusReply, uint64Reply } from './replies.js';
import type { RequestContext, RequestHandler } from './request-context.js';
import { renameRequest, setstatRequest } from './shared-requests.js';
import { readHandle, readPath, readText, toVirtualPath } from './request-context.js';

/** Reply of statvfs / fstatvfs: 11 × uint64 (bsize frsize blocks bfree bavail files ffree favail fsid flag namemax). */
async function statvfsReply(ctx: RequestContext, id: number, virtualPath: string): Promise<Buffer> {
  const s = await ctx.connection.statvfs(virtualPath);
  return uint64Reply(id, [
    s.bsize,
    s.frsize,
    s.blocks,
    s.bfree,
    s.bavail,
    s.files,
    s.ffree,
    s.favail,
    s.fsid,
    s.flag,
    s.namemax,
  ]);
}

/** string path */
async function statvfs(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  return statvfsReply(ctx, id, readPath(ctx, fields));
}

/** string handle */
async function fstatvfs(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  return statvfsReply(ctx, id, ctx.handles.get(readHandle(fields)).virtualPath);
}

/** (no data); reply: uint64 max-packet-length, max-read-length, max-write-length, max-open-handles */
async function limits(ctx: RequestContext, id: number): Promise<Buffer> {
  const l = ctx.limits;
  return Promise.resolve(
    uint64Reply(id, [l.maxPacketLength, l.maxReadLength, l.maxWriteLength, l.maxOpenHandles]),
  );
}

/**
 * string path; `~` and `~/x` are the user's home `/` (and `/x`); other relative paths start at the
 * start directory, as in every request.
 */
async function expandPath(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  let text = readText(fields, 'path');
  if (text === '~') text = '/';
  else if (text.startsWith('~/')) text = text.slice(1);
  const resolved = await ctx.connection.realpath(toVirtualPath(text, ctx.startDirectory));
  return nameReply(id, [{ filename: resolved, longname: resolved }]);
}

/**
 * string read-from-handle, uint64 read-from-offset, uint64 read-data-length (0: to the end of the
 * file), string write-to-handle, uint64 write-to-offset. Data moves in bounded chunks, server side.
 */
async function copyData(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const sourceId = readHandle(fields);
  let readOffset = fields.uint64('read-from-offset');
  const length = fields.uint64('read-data-length');
  const targetId = readHandle(fields);
  let writeOffset = fields.uint64('write-to-offset');
  const source = ctx.handles.file(sourceId);
  const target = ctx.handles.file(targetId);
  if (!source.reading) throw new FailureError('copy-data: the source handle is not open for reading');
  if (target.reading) throw new FailureError('copy-data: the target handle is not open for writing');
  const reader = source.transfer as DownloadTransfer;
  const writer = target.transfer as UploadTransfer;
  const chunk = Buffer.allocUnsafe(ctx.limits.copyChunkSize);
  let left = length === 0 ? Number.POSITIVE_INFINITY : length;
  await onHandle(source, () =>
    onHandle(target, async () => {
      while (left > 0) {
        const n = await reader.read(chunk, 0, Math.min(chunk.length, left), readOffset);
        if (n === 0) break;
        for (let done = 0; done < n;) {
          const w = await writer.write(chunk, done, n - done, writeOffset + done);
          if (w <= 0) throw new FailureError('copy-data: short write');
          done += w;
        }
        readOffset += n;
        writeOffset += n;
        left -= n;
      }
    }),
  );
  if (length !== 0 && left > 0) {
    return statusReply(id, StatusCode.EOF, 'copy-data: the source ended before the requested length');
  }
  return okReply(id);
}

/** string oldpath, string newpath: `newpath` becomes a second name of the file `oldpath` */
async function hardlink(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const from = readPath(ctx, fields, 'oldpath');
  const to = readPath(ctx, fields, 'newpath');
  await ctx.connection.hardlink(from, to);
  return okReply(id);
}

/**
 * string handle. Flushes an upload to stable storage once the writes sent before it are done (they
 * may still be running: requests are served concurrently). A download or directory handle has
 * nothing to flush: SSH_FX_OP_UNSUPPORTED.
 */
async function fsync(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const handle = ctx.handles.get(readHandle(fields));
  if (handle.kind !== 'file' || handle.reading) {
    return statusReply(id, StatusCode.OP_UNSUPPORTED, 'fsync: the handle is not open for writing');
  }
  await Promise.allSettled([...handle.inFlight]);
  await onHandle(handle, () => (handle.transfer as UploadTransfer).sync());
  return okReply(id);
}

/** Extended requests by name; others get SSH_FX_OP_UNSUPPORTED. */
const EXTENSION_HANDLERS: ReadonlyMap<string, RequestHandler> = new Map<string, RequestHandler>([
  [Extension.POSIX_RENAME, renameRequest],
  [Extension.STATVFS, statvfs],
  [Extension.FSTATVFS, fstatvfs],
  [Extension.HARDLINK, hardlink],
  [Extension.FSYNC, fsync],
  [Extension.LIMITS, limits],
  [Extension.LSETSTAT, setstatRequest],
  [Extension.EXPAND_PATH, expandPath],
  [Extension.COPY_DATA, copyData],
  [Extension.CHECK_FILE_NAME, checkFileName],
  [Extension.CHECK_FILE_HANDLE, checkFileHandle],
]);

/** string extended-request, then the extension's data */
export async function extendedRequest(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const name = fields.bytes('extended-request').toString('latin1');
  const handler = EXTENSION_HANDLERS.get(name);
  if (handler === undefined) {
    return statusReply(id, StatusCode.OP_UNSUPPORTED, `unsupported extended request ${JSON.stringify(name)}`);
  }
  return handler(ctx, id, fields);
}
