/**
 * The dispatch table of the version 3 requests. Each handler's comment gives the request's wire
 * layout after `uint32 id` (draft-ietf-secsh-filexfer-02 section 6).
 */
import { FailureError } from '../../common/connection/index.js';
import type { DownloadTransfer, UploadTransfer } from '../../common/transfer/index.js';
import { longName, readAttrs } from './attrs.js';
import { OpenFlag, PacketType, StatusCode } from './constants.js';
import type { FieldReader } from './field-reader.js';
import { onHandle } from './handles.js';
import {
  dataReplyBuffer,
  dataReplyInto,
  attrsReply,
  handleReply,
  nameReply,
  okReply,
  sealData,
  statusReply,
} from './replies.js';
import type { RequestContext, RequestHandler } from './request-context.js';
import { renameRequest, setstatRequest } from './shared-requests.js';
import { readHandle, readPath, readText } from './request-context.js';
import { extendedRequest } from './extensions.js';

/** string filename, uint32 pflags, ATTRS attrs (ignored: new files get the server's mode). */
async function open(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const path = readPath(ctx, fields, 'filename');
  const pflags = fields.uint32('pflags');
  readAttrs(fields);
  const writing = (pflags & (OpenFlag.WRITE | OpenFlag.APPEND | OpenFlag.TRUNC)) !== 0;
  ctx.handles.reserve();
  let transfer: DownloadTransfer | UploadTransfer;
  try {
    if (writing) {
      // Without CREAT the file must already exist (the storage would create it).
      if ((pflags & OpenFlag.CREAT) === 0) await ctx.connection.stat(path);
      transfer = await ctx.connection.openForWrite(path, {
        truncate: (pflags & OpenFlag.TRUNC) !== 0,
        append: (pflags & OpenFlag.APPEND) !== 0,
        exclusive: (pflags & OpenFlag.EXCL) !== 0 && (pflags & OpenFlag.CREAT) !== 0,
        openFlags: pflags,
      });
    } else {
      transfer = await ctx.connection.openForRead(path);
    }
  } catch (err) {
    ctx.handles.release();
    throw err;
  }
  const handle = ctx.handles.add({
    kind: 'file',
    virtualPath: path,
    transfer,
    reading: !writing,
    inFlight: new Set(),
  });
  return handleReply(id, handle);
}

/** string handle */
async function close(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const handle = ctx.handles.remove(readHandle(fields));
  if (handle.kind === 'dir') {
    await handle.chain.catch(() => undefined);
    await handle.lister.close();
  } else {
    await Promise.allSettled(handle.inFlight);
    await handle.transfer.close();
  }
  return okReply(id);
}

/** string handle, uint64 offset, uint32 len */
async function read(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const handleId = readHandle(fields);
  const offset = fields.uint64('offset');
  const length = Math.min(fields.uint32('len'), ctx.limits.maxReadLength);
  const handle = ctx.handles.file(handleId);
  if (!handle.reading)
    throw new FailureError(`${JSON.stringify(handle.virtualPath)} is not open for reading`);
  const transfer = handle.transfer as DownloadTransfer;
  // The data goes straight into the reply packet: no copy.
  const pool = ctx.replyBuffers;
  const { buffer, dataOffset } =
    pool === undefined ? dataReplyBuffer(id, length) : dataReplyInto(pool.take(), id);
  let n: number;
  try {
    n = await onHandle(handle, () => transfer.read(buffer, dataOffset, length, offset));
  } catch (err) {
    pool?.give(buffer);
    throw err;
  }
  if (n > 0) return sealData(buffer, n);
  pool?.give(buffer);
  return statusReply(id, StatusCode.EOF, 'End of file');
}

/** string handle, uint64 offset, string data */
async function write(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const handleId = readHandle(fields);
  const offset = fields.uint64('offset');
  const data = fields.bytes('data');
  const handle = ctx.handles.file(handleId);
  if (data.length > ctx.limits.maxWriteLength) {
    throw new FailureError(`write of ${data.length} bytes: at most ${ctx.limits.maxWriteLength} per request`);
  }
  if (handle.reading) throw new FailureError(`${JSON.stringify(handle.virtualPath)} is not open for writing`);
  const transfer = handle.transfer as UploadTransfer;
  await onHandle(handle, async () => {
    for (let done = 0; done < data.length;) {
      const n = await transfer.write(data, done, data.length - done, offset + done);
      if (n <= 0) throw new FailureError(`${JSON.stringify(handle.virtualPath)}: short write`);
      done += n;
    }
  });
  return okReply(id);
}

/** string path */
async function lstat(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  return attrsReply(id, await ctx.connection.lstat(readPath(ctx, fields)));
}

/** string path */
async function stat(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  return attrsReply(id, await ctx.connection.stat(readPath(ctx, fields)));
}

/** string handle */
async function fstat(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const handle = ctx.handles.get(readHandle(fields));
  return attrsReply(id, await ctx.connection.stat(handle.virtualPath));
}

/** string handle, ATTRS attrs */
async function fsetstat(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const handleId = readHandle(fields);
  const attrs = readAttrs(fields);
  await ctx.connection.setstat(ctx.handles.get(handleId).virtualPath, attrs);
  return okReply(id);
}

/** string path */
async function opendir(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const path = readPath(ctx, fields);
  ctx.handles.reserve();
  let lister;
  try {
    lister = await ctx.connection.listDir(path);
  } catch (err) {
    ctx.handles.release();
    throw err;
  }
  return handleReply(
    id,
    ctx.handles.add({ kind: 'dir', virtualPath: path, lister, chain: Promise.resolve() }),
  );
}

/** string handle; the reply is a NAME page of `ls -l` style entries, or EOF at the end */
async function readdir(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const handle = ctx.handles.get(readHandle(fields));
  if (handle.kind !== 'dir')
    throw new FailureError(`${JSON.stringify(handle.virtualPath)} is not a directory handle`);
  const page = handle.chain.catch(() => undefined).then(() => handle.lister.next(ctx.limits.readdirPageSize));
  handle.chain = page;
  const entries = await page;
  if (entries.length === 0) return statusReply(id, StatusCode.EOF, 'End of directory');
  const now = Date.now();
  return nameReply(
    id,
    entries.map((e) => ({ filename: e.name, longname: longName(e.name, e, now), stats: e })),
  );
}

/** string filename */
async function remove(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  await ctx.connection.remove(readPath(ctx, fields, 'filename'));
  return okReply(id);
}

/** string path, ATTRS attrs (ignored: new directories get the server's mode) */
async function mkdir(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const path = readPath(ctx, fields);
  readAttrs(fields);
  await ctx.connection.mkdir(path);
  return okReply(id);
}

/** string path */
async function rmdir(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  await ctx.connection.rmdir(readPath(ctx, fields));
  return okReply(id);
}

/** string path; the reply is a NAME with one entry, the canonical path, and empty attributes */
async function realpath(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const resolved = await ctx.connection.realpath(readPath(ctx, fields));
  return nameReply(id, [{ filename: resolved, longname: resolved }]);
}

/** string path; the reply is a NAME with one entry, the link's target */
async function readlink(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const target = await ctx.connection.readlink(readPath(ctx, fields));
  return nameReply(id, [{ filename: target, longname: target }]);
}

/**
 * string targetpath, string linkpath: OpenSSH's order, the reverse of the draft's, which every
 * OpenSSH-compatible client sends. A relative target stays relative to the link.
 */
async function symlink(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const target = readText(fields, 'targetpath');
  const link = readPath(ctx, fields, 'linkpath');
  await ctx.connection.symlink(target, link);
  return okReply(id);
}

/** Handlers by packet type; a type missing here gets SSH_FX_OP_UNSUPPORTED. */
export const REQUEST_HANDLERS: ReadonlyMap<number, RequestHandler> = new Map<number, RequestHandler>([
  [PacketType.OPEN, open],
  [PacketType.CLOSE, close],
  [PacketType.READ, read],
  [PacketType.WRITE, write],
  [PacketType.LSTAT, lstat],
  [PacketType.FSTAT, fstat],
  [PacketType.SETSTAT, setstatRequest],
  [PacketType.FSETSTAT, fsetstat],
  [PacketType.OPENDIR, opendir],
  [PacketType.READDIR, readdir],
  [PacketType.REMOVE, remove],
  [PacketType.MKDIR, mkdir],
  [PacketType.RMDIR, rmdir],
  [PacketType.REALPATH, realpath],
  [PacketType.STAT, stat],
  [PacketType.RENAME, renameRequest],
  [PacketType.READLINK, readlink],
  [PacketType.SYMLINK, symlink],
  [PacketType.EXTENDED, extendedRequest],
]);
