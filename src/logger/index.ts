// The logging layer's public surface.
export { createLogger, type Logger, type LoggerOptions } from './logger.js';
export { LoggerError, type LoggerErrorCode } from './errors.js';
export type {
  CommandLogRecord,
  CommandLogSender,
  ConnectionFailedLogRecord,
  HttpLogRecord,
  LogBindings,
  LogLevel,
  LoginType,
  LogProtocol,
  TransferLogRecord,
  TransferOperation,
} from './records.js';
export { secretFieldNames, redactedValue } from './redaction.js';
