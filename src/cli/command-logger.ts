import { isAbsolute, join } from 'node:path';
import type { Logger, LogLevel } from '../logger/index.js';
import { createLogger } from '../logger/index.js';

/** The values of the `--log-*` flags (`serveFlags`' `logFlags`). */
export interface LogFlagValues {
  readonly logFilePath: string;
  readonly logMaxSize: number;
  readonly logMaxBackups: number;
  readonly logMaxAge: number;
  readonly logCompress: boolean;
  readonly logLevel: LogLevel;
  readonly logUtcTime: boolean;
}

/** The log file path: relative paths are under the config dir, as SFTPGo does; empty means stderr. */
export function logFilePath(configDir: string, path: string): string {
  if (path === '' || isAbsolute(path)) return path;
  return join(configDir, path);
}

/**
 * The logger the `--log-*` flags describe.
 * @throws {LoggerError} when the log file cannot be opened or a value is out of range.
 */
export function createCommandLogger(
  configDir: string,
  flags: LogFlagValues,
  fields?: Readonly<Record<string, string | number>>,
): Logger {
  return createLogger({
    filePath: logFilePath(configDir, flags.logFilePath),
    maxSizeMB: flags.logMaxSize,
    maxBackups: flags.logMaxBackups,
    maxAgeDays: flags.logMaxAge,
    compress: flags.logCompress,
    level: flags.logLevel,
    utcTime: flags.logUtcTime,
    ...(fields ? { fields } : {}),
  });
}
