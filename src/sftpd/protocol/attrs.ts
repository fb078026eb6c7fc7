/**
 * File attributes (draft section 5):
 *
 *   uint32 flags
 *   uint64 size            if flags & SIZE
 *   uint32 uid, uint32 gid if flags & UIDGID
 *   uint32 permissions     if flags & PERMISSIONS (file type bits included)
 *   uint32 atime, mtime    if flags & ACMODTIME (seconds since the epoch)
 *   uint32 extended_count, then that many (string type, string data) if flags & EXTENDED
 */
import type { SetstatAttributes } from '../../common/connection/index.js';
import type { FileStats as FsStats } from './file-stats.js';
import { AttrFlag } from './constants.js';
import type { FieldReader } from './field-reader.js';
import type { PacketWriter } from './packet-writer.js';

/** Bytes of the attributes {@link writeAttrs} writes for a stat result. */
export const STATS_ATTRS_LENGTH = 4 + 8 + 4 + 4 + 4 + 4 + 4;

/** Bytes of an empty attributes block (flags 0). */
export const EMPTY_ATTRS_LENGTH = 4;

/** Reads attributes sent by the client; extended pairs are read and ignored. */
export function readAttrs(fields: FieldReader): SetstatAttributes {
  const flags = fields.uint32('attribute flags');
  const attrs: { -readonly [K in keyof SetstatAttributes]: SetstatAttributes[K] } = {};
  if ((flags & AttrFlag.SIZE) !== 0) attrs.size = fields.uint64('size');
  if ((flags & AttrFlag.UIDGID) !== 0) {
    attrs.uid = fields.uint32('uid');
    attrs.gid = fields.uint32('gid');
  }
  if ((flags & AttrFlag.PERMISSIONS) !== 0) attrs.mode = fields.uint32('permissions') & 0o7777;
  if ((flags & AttrFlag.ACMODTIME) !== 0) {
    attrs.atime = new Date(fields.uint32('atime') * 1000);
    attrs.mtime = new Date(fields.uint32('mtime') * 1000);
  }
  if ((flags & AttrFlag.EXTENDED) >>> 0 !== 0) {
    const count = fields.uint32('extended count');
    for (let i = 0; i < count; i++) {
      fields.bytes('extended type');
      fields.bytes('extended data');
    }
  }
  return attrs;
}

function seconds(date: Date): number {
  const s = Math.floor(date.getTime() / 1000);
  return Math.min(Math.max(s, 0), 0xffffffff);
}

/** Writes size, uid/gid, mode (with type bits) and times: {@link STATS_ATTRS_LENGTH} bytes. */
export function writeAttrs(out: PacketWriter, stats: FsStats): void {
  out.uint32(AttrFlag.SIZE | AttrFlag.UIDGID | AttrFlag.PERMISSIONS | AttrFlag.ACMODTIME);
  out.uint64(stats.size);
  out.uint32(stats.uid >>> 0);
  out.uint32(stats.gid >>> 0);
  out.uint32(stats.mode >>> 0);
  out.uint32(seconds(stats.atime));
  out.uint32(seconds(stats.mtime));
}

const TYPE_CHARS: Readonly<Record<number, string>> = {
  0o140000: 's',
  0o120000: 'l',
  0o100000: '-',
  0o060000: 'b',
  0o040000: 'd',
  0o020000: 'c',
  0o010000: 'p',
};

/** `drwxr-xr-x` style text of a mode, set-id and sticky bits included (as `ls` shows them). */
export function modeString(mode: number): string {
  const type = TYPE_CHARS[mode & 0o170000] ?? '?';
  const triplet = (shift: number, special: boolean, specialChar: string): string => {
    const r = (mode >> shift) & 4 ? 'r' : '-';
    const w = (mode >> shift) & 2 ? 'w' : '-';
    const x = (mode >> shift) & 1;
    const last = special ? (x ? specialChar : specialChar.toUpperCase()) : x ? 'x' : '-';
    return r + w + last;
  };
  return (
    type +
    triplet(6, (mode & 0o4000) !== 0, 's') +
    triplet(3, (mode & 0o2000) !== 0, 's') +
    triplet(0, (mode & 0o1000) !== 0, 't')
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SIX_MONTHS_MS = 182 * 24 * 3600 * 1000;

/**
 * An `ls -l` line as OpenSSH's server writes in READDIR replies: mode, links, owner, group, size,
 * date (time of day for the last six months, else the year; UTC), name. Owner and group are numeric.
 */
export function longName(name: string, stats: FsStats, now: number): string {
  const m = stats.mtime;
  const recent = Math.abs(now - m.getTime()) < SIX_MONTHS_MS;
  const day = String(m.getUTCDate()).padStart(2, ' ');
  const tail = recent
    ? `${String(m.getUTCHours()).padStart(2, '0')}:${String(m.getUTCMinutes()).padStart(2, '0')}`
    : ` ${m.getUTCFullYear()}`;
  const date = `${MONTHS[m.getUTCMonth()]} ${day} ${tail}`;
  return (
    `${modeString(stats.mode)} ${String(stats.nlink).padStart(4)} ${String(stats.uid).padEnd(8)} ` +
    `${String(stats.gid).padEnd(8)} ${String(stats.size).padStart(8)} ${date} ${name}`
  );
}
