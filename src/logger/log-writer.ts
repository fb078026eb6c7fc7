/**
 * Where formatted records go: pino's destination. `write` receives one complete JSON line
 * (newline included) and never throws; lines that cannot be written are counted in `lostLines`.
 */
export interface LogWriter {
  /** Queues one line. After `close()` lines are dropped and counted. */
  write(line: string): void;
  /** Writes every queued line now, synchronously (safe in a process `exit` handler). */
  flushSync(): void;
  /** Flushes, then reopens the output (a file is reopened at its path); no-op for stderr. */
  reopen(): Promise<void>;
  /**
   * Flushes, then rotates the file now (renamed to a backup, new file started, cleanup run).
   * @throws {LoggerError} (as a rejection) `LOG_ROTATE_FAILED`, or `LOG_NO_FILE` for stderr.
   */
  rotate(): Promise<void>;
  /** Flushes and releases the output; waits for background work (compression, cleanup). */
  close(): Promise<void>;
  /** Lines that could not be written (write errors, or written after close). */
  readonly lostLines: number;
}

/** Receives problems a writer cannot report through the log itself. */
export type WriterErrorHandler = (error: Error) => void;

/**
 * Runs `flush` when the process exits (`process.exit()`, end of the event loop, uncaught
 * exception), so buffered lines reach the output. Returns the function that removes the hook.
 */
export function flushAtExit(flush: () => void): () => void {
  const onExit = (): void => flush();
  process.on('exit', onExit);
  return () => {
    process.off('exit', onExit);
  };
}
