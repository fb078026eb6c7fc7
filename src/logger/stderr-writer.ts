import { LoggerError } from './errors.js';
import { LineBatcher } from './line-batcher.js';
import { writeAllSync } from './fd-write.js';
import { flushAtExit, type LogWriter } from './log-writer.js';

/** Options of {@link StderrWriter}. */
export interface StderrWriterOptions {
  /** The descriptor written to; 2 (stderr) unless a test needs another. */
  readonly fd?: number;
  /** Pending characters that trigger an immediate write (default 64 KiB). */
  readonly highWaterMark?: number;
}

/**
 * Writes records to the standard error, batched per event-loop turn like the file writer.
 * Write errors cannot be reported anywhere (stderr is the report channel), so they are counted.
 */
export class StderrWriter implements LogWriter {
  readonly #fd: number;
  readonly #batcher: LineBatcher;
  readonly #removeExitHook: () => void;
  #closed = false;
  #lostLines = 0;

  constructor(options: StderrWriterOptions = {}) {
    this.#fd = options.fd ?? 2;
    this.#batcher = new LineBatcher((lines) => this.#writeLines(lines), options.highWaterMark ?? 65536);
    this.#removeExitHook = flushAtExit(() => this.#batcher.flush());
  }

  get lostLines(): number {
    return this.#lostLines;
  }

  write(line: string): void {
    if (this.#closed) {
      this.#lostLines += 1;
      return;
    }
    this.#batcher.push(line);
  }

  flushSync(): void {
    this.#batcher.flush();
  }

  reopen(): Promise<void> {
    this.#batcher.flush();
    return Promise.resolve();
  }

  rotate(): Promise<void> {
    return Promise.reject(
      new LoggerError('LOG_NO_FILE', 'logs go to the standard error: there is no log file to rotate'),
    );
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#batcher.flush();
      this.#closed = true;
      this.#removeExitHook();
    }
    return Promise.resolve();
  }

  #writeLines(lines: readonly string[]): void {
    try {
      writeAllSync(this.#fd, Buffer.from(lines.join(''), 'utf8'));
    } catch {
      this.#lostLines += lines.length;
    }
  }
}
