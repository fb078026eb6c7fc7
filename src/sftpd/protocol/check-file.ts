/**
 * check-file-name and check-file-handle (draft-ietf-secsh-filexfer-extensions-00, section 3): the
 * checksum of a whole file, computed on the server. Request data after the name or handle:
 *
 *   string hash-algorithm-list   comma separated, in the client's order of preference
 *   uint64 start-offset          only 0 is served
 *   uint64 length                only 0 (to the end of the file) is served
 *   uint32 block-size            only 0 (one hash for the whole range) is served
 *
 * The hash is computed by the connection, which reads the file a chunk at a time without blocking the
 * event loop, under the `hash` rules (the `download` permission and the file patterns).
 */
import type { HashAlgorithm } from '../../common/connection/index.js';
import { FailureError, UnsupportedError } from '../../common/connection/index.js';
import { CHECK_FILE_ALGORITHMS } from './constants.js';
import type { FieldReader } from './field-reader.js';
import { checkFileReply } from './replies.js';
import type { RequestContext } from './request-context.js';
import { readHandle, readPath, readText } from './request-context.js';

/** The first algorithm of the client's list that is served. @throws {UnsupportedError} when none is. */
function chooseAlgorithm(list: string): HashAlgorithm {
  const names = list.split(',').map((name) => name.trim().toLowerCase());
  const chosen = names.find((name) => (CHECK_FILE_ALGORITHMS as readonly string[]).includes(name));
  if (chosen === undefined) {
    throw new UnsupportedError(
      `check-file: none of the hash algorithms ${JSON.stringify(list)} is supported; use one of ${CHECK_FILE_ALGORITHMS.join(', ')}`,
    );
  }
  return chosen as HashAlgorithm;
}

/** Reads the fields after the file and hashes `virtualPath`. */
async function hashReply(ctx: RequestContext, id: number, fields: FieldReader, virtualPath: string) {
  const algorithm = chooseAlgorithm(readText(fields, 'hash-algorithm-list'));
  const start = fields.uint64('start-offset');
  const length = fields.uint64('length');
  const blockSize = fields.uint32('block-size');
  if (start !== 0 || length !== 0 || blockSize !== 0) {
    throw new UnsupportedError(
      'check-file: only whole files are hashed (start offset, length and block size must be 0)',
      { virtualPath },
    );
  }
  const hex = await ctx.connection.hash(virtualPath, algorithm);
  return checkFileReply(id, algorithm, Buffer.from(hex, 'hex'));
}

/** string filename, then the fields of the file comment */
export async function checkFileName(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  return hashReply(ctx, id, fields, readPath(ctx, fields, 'filename'));
}

/** string handle (a file open for reading), then the fields of the file comment */
export async function checkFileHandle(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const handle = ctx.handles.file(readHandle(fields));
  if (!handle.reading) {
    throw new FailureError(
      `check-file-handle: ${JSON.stringify(handle.virtualPath)} is not open for reading`,
    );
  }
  return hashReply(ctx, id, fields, handle.virtualPath);
}
