/** Requests served the same way as a core request and as an extension. */
import { readAttrs } from './attrs.js';
import type { FieldReader } from './field-reader.js';
import { okReply } from './replies.js';
import type { RequestContext } from './request-context.js';
import { readPath } from './request-context.js';

/**
 * RENAME and posix-rename@openssh.com: string oldpath, string newpath. Like SFTPGo, RENAME also
 * replaces an existing target, where the draft says it should fail.
 */
export async function renameRequest(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const from = readPath(ctx, fields, 'oldpath');
  const to = readPath(ctx, fields, 'newpath');
  await ctx.connection.rename(from, to);
  return okReply(id);
}

/**
 * SETSTAT and lsetstat@openssh.com: string path, ATTRS attrs. The storage layer has no "do not
 * follow links" variant of its attribute changes, so lsetstat does what SETSTAT does.
 */
export async function setstatRequest(ctx: RequestContext, id: number, fields: FieldReader): Promise<Buffer> {
  const path = readPath(ctx, fields);
  await ctx.connection.setstat(path, readAttrs(fields));
  return okReply(id);
}
