/**
 * Collects log lines and hands them to a sink in batches, so that a burst of records costs one
 * write system call instead of one per line.
 *
 * A batch is handed over at the end of the current event-loop turn (`setImmediate`), or at once
 * when the pending text reaches `highWaterMark` characters: memory held by pending lines is
 * bounded, and a line waits at most one loop turn before it reaches the file. The sink writes
 * synchronously, which keeps lines in order and lets {@link LineBatcher.flush} run from a process
 * `exit` handler.
 */
export class LineBatcher {
  readonly #sink: (lines: readonly string[]) => void;
  readonly #highWaterMark: number;
  #pending: string[] = [];
  #pendingChars = 0;
  #scheduled: NodeJS.Immediate | undefined;

  constructor(sink: (lines: readonly string[]) => void, highWaterMark: number) {
    this.#sink = sink;
    this.#highWaterMark = highWaterMark;
  }

  /** Queues one line (with its trailing newline). */
  push(line: string): void {
    this.#pending.push(line);
    this.#pendingChars += line.length;
    if (this.#pendingChars >= this.#highWaterMark) {
      this.flush();
    } else if (this.#scheduled === undefined) {
      this.#scheduled = setImmediate(this.#onTurnEnd);
    }
  }

  /** Hands every pending line to the sink now. */
  flush(): void {
    if (this.#scheduled !== undefined) {
      clearImmediate(this.#scheduled);
      this.#scheduled = undefined;
    }
    if (this.#pending.length === 0) return;
    const lines = this.#pending;
    this.#pending = [];
    this.#pendingChars = 0;
    this.#sink(lines);
  }

  readonly #onTurnEnd = (): void => {
    this.#scheduled = undefined;
    this.flush();
  };
}
