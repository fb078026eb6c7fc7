/** Stable codes of {@link LoggerError}. */
export type LoggerErrorCode =
  /** An option of `createLogger` is out of range; the message names it. */
  | 'LOG_INVALID_OPTION'
  /** The log file (or its directory) could not be created or opened. */
  | 'LOG_FILE_OPEN_FAILED'
  /** An on-demand rotation could not rename the file or start a new one. */
  | 'LOG_ROTATE_FAILED'
  /** A file operation (rotation) was asked of a logger that writes to stderr. */
  | 'LOG_NO_FILE';

/** The one error class the logging layer throws or rejects with. */
export class LoggerError extends Error {
  override readonly name = 'LoggerError';
  readonly code: LoggerErrorCode;

  constructor(code: LoggerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
