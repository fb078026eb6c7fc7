/** Builders of the reply packets (draft section 7), each with its wire layout. */
import type { FileStats as FsStats } from './file-stats.js';
import { EMPTY_ATTRS_LENGTH, STATS_ATTRS_LENGTH, writeAttrs } from './attrs.js';
import { PacketType, SFTP_VERSION, StatusCode } from './constants.js';
import type { StatusCodeValue } from './constants.js';
import { PacketWriter, REPLY_HEADER_LENGTH } from './packet-writer.js';

/** VERSION: uint32 version, then (string name, string data) per extension. */
export function versionReply(extensions: readonly (readonly [string, string])[]): Buffer {
  let body = 0;
  for (const [name, data] of extensions)
    body += PacketWriter.stringLength(name) + PacketWriter.stringLength(data);
  const out = new PacketWriter(PacketType.VERSION, SFTP_VERSION, body);
  for (const [name, data] of extensions) {
    out.string(name);
    out.string(data);
  }
  return out.finish();
}

/** STATUS: uint32 id, uint32 code, string message, string language tag (empty). */
export function statusReply(id: number, code: StatusCodeValue, message: string): Buffer {
  const out = new PacketWriter(PacketType.STATUS, id, 4 + PacketWriter.stringLength(message) + 4);
  out.uint32(code);
  out.string(message);
  out.string('');
  return out.finish();
}

/** HANDLE: uint32 id, string handle. */
export function handleReply(id: number, handle: string): Buffer {
  const out = new PacketWriter(PacketType.HANDLE, id, PacketWriter.stringLength(handle));
  out.string(handle);
  return out.finish();
}

/** ATTRS: uint32 id, ATTRS. */
export function attrsReply(id: number, stats: FsStats): Buffer {
  const out = new PacketWriter(PacketType.ATTRS, id, STATS_ATTRS_LENGTH);
  writeAttrs(out, stats);
  return out.finish();
}

/** One entry of a NAME reply; without `stats` the attributes are empty (flags 0). */
export interface NameEntry {
  readonly filename: string;
  readonly longname: string;
  readonly stats?: FsStats;
}

/** NAME: uint32 id, uint32 count, then count × (string filename, string longname, ATTRS). */
export function nameReply(id: number, entries: readonly NameEntry[]): Buffer {
  let body = 4;
  for (const e of entries) {
    body += PacketWriter.stringLength(e.filename) + PacketWriter.stringLength(e.longname);
    body += e.stats === undefined ? EMPTY_ATTRS_LENGTH : STATS_ATTRS_LENGTH;
  }
  const out = new PacketWriter(PacketType.NAME, id, body);
  out.uint32(entries.length);
  for (const e of entries) {
    out.string(e.filename);
    out.string(e.longname);
    if (e.stats === undefined) out.uint32(0);
    else writeAttrs(out, e.stats);
  }
  return out.finish();
}

/** EXTENDED_REPLY with a body of uint64 values: uint32 id, uint64 × n. */
export function uint64Reply(id: number, values: readonly number[]): Buffer {
  const out = new PacketWriter(PacketType.EXTENDED_REPLY, id, 8 * values.length);
  for (const v of values) out.uint64(v);
  return out.finish();
}

/**
 * A DATA reply with room for `capacity` bytes, to be read into at `dataOffset`; {@link sealData}
 * then writes the real length. Layout: uint32 id, string data.
 */
export function dataReplyBuffer(id: number, capacity: number): { buffer: Buffer; dataOffset: number } {
  const out = new PacketWriter(PacketType.DATA, id, 4 + capacity);
  return { buffer: out.buffer, dataOffset: out.position + 4 };
}

/** Bytes of a DATA reply carrying up to `maxData` bytes. */
export function dataReplySize(maxData: number): number {
  return REPLY_HEADER_LENGTH + 4 + maxData;
}

/** Starts a DATA reply in `buffer` (of at least {@link dataReplySize} bytes); the data goes at `dataOffset`. */
export function dataReplyInto(buffer: Buffer, id: number): { buffer: Buffer; dataOffset: number } {
  buffer[4] = PacketType.DATA;
  buffer.writeUInt32BE(id, 5);
  return { buffer, dataOffset: REPLY_HEADER_LENGTH + 4 };
}

/** The DATA packet for `n` bytes read into a {@link dataReplyBuffer} buffer. */
export function sealData(buffer: Buffer, n: number): Buffer {
  const total = 13 + n;
  buffer.writeUInt32BE(total - 4, 0);
  buffer.writeUInt32BE(n, 9);
  return buffer.subarray(0, total);
}

/** STATUS OK. */
export function okReply(id: number): Buffer {
  return statusReply(id, StatusCode.OK, 'Success');
}

/** EXTENDED_REPLY of check-file-name / check-file-handle: uint32 id, string "check-file", string algorithm, byte[] hash. */
export function checkFileReply(id: number, algorithm: string, digest: Uint8Array): Buffer {
  const name = 'check-file';
  const out = new PacketWriter(
    PacketType.EXTENDED_REPLY,
    id,
    PacketWriter.stringLength(name) + PacketWriter.stringLength(algorithm) + digest.length,
  );
  out.string(name);
  out.string(algorithm);
  out.bytes(digest);
  return out.finish();
}
