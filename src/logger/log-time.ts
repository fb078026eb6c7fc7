// Time formats of the log contract. Record times look like `2026-11-21T06:30:00.123` and rotated
// file names carry `2026-11-21T06-30-00.123`: both without a zone suffix, in local time or in UTC
// depending on the `utcTime` option, as SFTPGo and the rotation library it uses write them.

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}

interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

function dateParts(date: Date, utc: boolean): DateParts {
  return utc
    ? {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: date.getUTCHours(),
        minute: date.getUTCMinutes(),
        second: date.getUTCSeconds(),
        millisecond: date.getUTCMilliseconds(),
      }
    : {
        year: date.getFullYear(),
        month: date.getMonth() + 1,
        day: date.getDate(),
        hour: date.getHours(),
        minute: date.getMinutes(),
        second: date.getSeconds(),
        millisecond: date.getMilliseconds(),
      };
}

function formatWith(date: Date, utc: boolean, timeSeparator: string, withMillis: boolean): string {
  const p = dateParts(date, utc);
  const base =
    `${p.year}-${pad2(p.month)}-${pad2(p.day)}T` +
    `${pad2(p.hour)}${timeSeparator}${pad2(p.minute)}${timeSeparator}${pad2(p.second)}`;
  return withMillis ? `${base}.${pad3(p.millisecond)}` : base;
}

/**
 * Formats a record's `time` value: `YYYY-MM-DDTHH:MM:SS.mmm`, local time unless `utc`.
 */
export function formatRecordTime(date: Date, utc: boolean): string {
  return formatWith(date, utc, ':', true);
}

/**
 * Formats the date-times of command records (`access_time`, `modification_time`):
 * `YYYY-MM-DDTHH:MM:SS`, local time unless `utc`.
 */
export function formatCommandTime(date: Date, utc: boolean): string {
  return formatWith(date, utc, ':', false);
}

/**
 * Formats the timestamp put in a rotated file's name: `YYYY-MM-DDTHH-MM-SS.mmm` (no colons, so
 * the name is valid on every file system), local time unless `utc`.
 */
export function formatBackupTimestamp(date: Date, utc: boolean): string {
  return formatWith(date, utc, '-', true);
}

const backupTimestampPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})$/;

/**
 * Reads back a timestamp written by {@link formatBackupTimestamp} with the same `utc` choice.
 * Returns `undefined` when `text` is not such a timestamp (the file is not one of our backups).
 */
export function parseBackupTimestamp(text: string, utc: boolean): Date | undefined {
  const m = backupTimestampPattern.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second, ms] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = utc
    ? new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms))
    : new Date(year, month - 1, day, hour, minute, second, ms);
  // Reject impossible dates such as month 13, which Date would silently roll over.
  return formatBackupTimestamp(date, utc) === text ? date : undefined;
}

/**
 * Produces record timestamps quickly: the part up to the seconds is computed once per second and
 * reused, since a busy server writes many records within the same second.
 */
export class RecordClock {
  readonly #utc: boolean;
  #cachedSecond = Number.NaN;
  #cachedPrefix = '';

  constructor(utc: boolean) {
    this.#utc = utc;
  }

  /** The `time` value for the instant `epochMs` (default: now). */
  format(epochMs: number = Date.now()): string {
    const second = Math.floor(epochMs / 1000);
    if (second !== this.#cachedSecond) {
      const full = formatRecordTime(new Date(second * 1000), this.#utc);
      this.#cachedPrefix = full.slice(0, -3);
      this.#cachedSecond = second;
    }
    return this.#cachedPrefix + pad3(epochMs - second * 1000);
  }
}
