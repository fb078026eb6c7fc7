import { writeSync } from 'node:fs';
import { pino, type Logger as PinoLogger, type LoggerOptions as PinoOptions } from 'pino';
import { LoggerError } from './errors.js';
import { RecordClock } from './log-time.js';
import type { LogWriter } from './log-writer.js';
import {
  appFields,
  commandFields,
  connectionFailedFields,
  httpFields,
  httpLevel,
  transferFields,
  transferLevel,
  type CommandLogRecord,
  type ConnectionFailedLogRecord,
  type HttpLogRecord,
  type LogBindings,
  type LogLevel,
  type TransferLogRecord,
} from './records.js';
import { secretRedaction } from './redaction.js';
import { RotatingFileWriter } from './rotating-file.js';
import { StderrWriter } from './stderr-writer.js';

/** Settings of {@link createLogger}; the `log_*` settings of SFTPGo's command line. */
export interface LoggerOptions {
  /** The log file; `''` writes records to the standard error instead (no rotation then). */
  readonly filePath: string;
  /** Rotate when a write would make the file larger than this many MiB; 0 means 100. */
  readonly maxSizeMB: number;
  /** Rotated files kept; 0 keeps all (the age limit may still remove some). */
  readonly maxBackups: number;
  /** Rotated files older than this many days are removed; 0 = no age limit. */
  readonly maxAgeDays: number;
  /** Gzip rotated files in the background. */
  readonly compress: boolean;
  /** Least severe level written. */
  readonly level: LogLevel;
  /** Timestamps (records and rotated file names) in UTC instead of local time. */
  readonly utcTime: boolean;
  /**
   * Fields written in every record, e.g. `worker_id` in the processes of a cluster that share one
   * log file; default none.
   */
  readonly fields?: Readonly<Record<string, string | number>>;
}

/**
 * Writes SFTPGo-compatible JSON lines. App records carry a `sender` (the component: `sftpd`,
 * `SFTP` for a connection's messages, `dataprovider`…) and a `message`; the other record kinds
 * each have their own method with a typed record.
 *
 * A child shares its parent's output and level: `setLevel`, `reopen`, `close` and `flushSync`
 * act on everything built from the same {@link createLogger} call.
 */
export interface Logger {
  /** An app record at `debug`. `fields` are extra keys; `level`, `time`, `sender`, `message` are ignored there. */
  debug(sender: string, message: string, fields?: Readonly<Record<string, unknown>>): void;
  /** An app record at `info`. */
  info(sender: string, message: string, fields?: Readonly<Record<string, unknown>>): void;
  /** An app record at `warn`. */
  warn(sender: string, message: string, fields?: Readonly<Record<string, unknown>>): void;
  /** An app record at `error`. */
  error(sender: string, message: string, fields?: Readonly<Record<string, unknown>>): void;
  /** A logger whose records also carry `bindings` (a field given here replaces the parent's). */
  child(bindings: LogBindings): Logger;
  /** An upload or download record. */
  transfer(record: TransferLogRecord): void;
  /** A file system command record. */
  command(record: CommandLogRecord): void;
  /** An HTTP request record. */
  http(record: HttpLogRecord): void;
  /** A failed connection / login record (the one fail2ban reads). */
  connectionFailed(record: ConnectionFailedLogRecord): void;
  /** Changes the least severe level written, for this logger and all its relatives. */
  setLevel(level: LogLevel): void;
  /** Whether records at `level` are written now: skip building costly messages when not. */
  isLevelEnabled(level: LogLevel): boolean;
  /**
   * Reopens the log file at its path (after an external tool moved it away, on SIGHUP).
   * Resolves at once for stderr.
   * @throws {LoggerError} `LOG_FILE_OPEN_FAILED` (as a rejection); logging goes on in the old file.
   */
  reopen(): Promise<void>;
  /**
   * Rotates the log file now, whatever its size, then applies the backup cleanup: SFTPGo does
   * this on SIGUSR1.
   * @throws {LoggerError} (as a rejection) `LOG_ROTATE_FAILED`, or `LOG_NO_FILE` when logging
   *   to stderr; logging goes on either way.
   */
  rotate(): Promise<void>;
  /** Writes pending records and closes the output; later records are dropped. */
  close(): Promise<void>;
  /** Writes pending records now, synchronously (records are otherwise batched per event-loop turn). */
  flushSync(): void;
}

const levels: ReadonlySet<string> = new Set<LogLevel>(['debug', 'info', 'warn', 'error']);
const bytesPerMiB = 1024 * 1024;
/** The rotation library's size when none is configured. */
const defaultMaxSizeMB = 100;

function checkNumber(name: keyof LoggerOptions, value: unknown, integer: boolean): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= 0;
  if (!ok || (integer && !Number.isInteger(value))) {
    throw new LoggerError(
      'LOG_INVALID_OPTION',
      `logger option "${name}" must be a non-negative ${integer ? 'integer' : 'number'}, got ${String(value)}`,
    );
  }
}

function checkOptions(options: LoggerOptions): void {
  if (typeof options.filePath !== 'string') {
    throw new LoggerError('LOG_INVALID_OPTION', `logger option "filePath" must be a string`);
  }
  checkNumber('maxSizeMB', options.maxSizeMB, false);
  checkNumber('maxBackups', options.maxBackups, true);
  checkNumber('maxAgeDays', options.maxAgeDays, false);
  if (!levels.has(options.level)) {
    throw new LoggerError(
      'LOG_INVALID_OPTION',
      `logger option "level" must be one of debug, info, warn, error, got ${JSON.stringify(options.level)}`,
    );
  }
}

/** Last-resort report of output problems, straight to the standard error. */
function reportToStderr(error: Error): void {
  try {
    writeSync(2, `logger: ${error.message}\n`);
  } catch {
    // Nowhere left to report to.
  }
}

/** What a logger and its children share. */
interface LoggerCore {
  readonly pino: PinoLogger<never, boolean>;
  readonly writer: LogWriter;
  readonly utcTime: boolean;
}

class JsonLogger implements Logger {
  readonly #core: LoggerCore;
  readonly #bindings: LogBindings;

  constructor(core: LoggerCore, bindings: LogBindings) {
    this.#core = core;
    this.#bindings = bindings;
  }

  debug(sender: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.#app('debug', sender, message, fields);
  }

  info(sender: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.#app('info', sender, message, fields);
  }

  warn(sender: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.#app('warn', sender, message, fields);
  }

  error(sender: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.#app('error', sender, message, fields);
  }

  child(bindings: LogBindings): Logger {
    return new JsonLogger(this.#core, { ...this.#bindings, ...bindings });
  }

  transfer(record: TransferLogRecord): void {
    this.#record(transferLevel(record), () => transferFields(record, this.#bindings));
  }

  command(record: CommandLogRecord): void {
    this.#record('info', () => commandFields(record, this.#bindings, this.#core.utcTime));
  }

  http(record: HttpLogRecord): void {
    this.#record(httpLevel(record), () => httpFields(record));
  }

  connectionFailed(record: ConnectionFailedLogRecord): void {
    this.#record('debug', () => connectionFailedFields(record, this.#bindings));
  }

  setLevel(level: LogLevel): void {
    if (!levels.has(level)) {
      throw new LoggerError('LOG_INVALID_OPTION', `unknown log level ${JSON.stringify(level)}`);
    }
    this.#core.pino.level = level;
  }

  isLevelEnabled(level: LogLevel): boolean {
    return this.#core.pino.isLevelEnabled(level);
  }

  reopen(): Promise<void> {
    return this.#core.writer.reopen();
  }

  rotate(): Promise<void> {
    return this.#core.writer.rotate();
  }

  close(): Promise<void> {
    return this.#core.writer.close();
  }

  flushSync(): void {
    this.#core.writer.flushSync();
  }

  #app(level: LogLevel, sender: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    const logger = this.#core.pino;
    if (logger.isLevelEnabled(level)) logger[level](appFields(sender, this.#bindings, fields), message);
  }

  /** Builds the record's keys only when its level is written. */
  #record(level: LogLevel, build: () => Record<string, unknown>): void {
    const logger = this.#core.pino;
    if (logger.isLevelEnabled(level)) logger[level](build());
  }
}

/**
 * Builds the logger described by `options`: records go to the rotating file `filePath`, or to
 * the standard error when it is `''`. Records already queued are written when the process exits.
 *
 * @throws {LoggerError} `LOG_INVALID_OPTION` when an option is out of range (the message names
 *   it); `LOG_FILE_OPEN_FAILED` when the file or its directory cannot be created or opened.
 */
export function createLogger(options: LoggerOptions): Logger {
  checkOptions(options);
  const writer: LogWriter =
    options.filePath === ''
      ? new StderrWriter()
      : new RotatingFileWriter({
          filePath: options.filePath,
          maxSizeBytes: (options.maxSizeMB === 0 ? defaultMaxSizeMB : options.maxSizeMB) * bytesPerMiB,
          maxBackups: options.maxBackups,
          maxAgeDays: options.maxAgeDays,
          compress: options.compress,
          utcTime: options.utcTime,
          onError: reportToStderr,
        });
  const clock = new RecordClock(options.utcTime);
  const pinoOptions: PinoOptions<never, boolean> = {
    level: options.level,
    // No pid/hostname: SFTPGo's records have neither.
    base: options.fields ?? null,
    messageKey: 'message',
    timestamp: () => `,"time":"${clock.format()}"`,
    formatters: { level: (label) => ({ level: label }) },
    redact: secretRedaction(),
  };
  const core: LoggerCore = {
    pino: pino(pinoOptions, writer),
    writer,
    utcTime: options.utcTime,
  };
  return new JsonLogger(core, {});
}
