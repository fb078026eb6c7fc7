/**
 * A Duplex over a process's standard input and output, for protocols spoken on stdio (the SFTP
 * subsystem run by sshd). Backpressure goes both ways: a reader that stops pulling pauses the input,
 * and a write completes only once the output took it.
 */
import { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { Duplex } from 'node:stream';

/** Joins an input and an output stream into one Duplex. */
export class StdioChannel extends Duplex {
  readonly #input: Readable;
  readonly #output: Writable;

  constructor(input: Readable, output: Writable) {
    super({ allowHalfOpen: true });
    this.#input = input;
    this.#output = output;
    input.pause();
    input.on('data', (chunk: Buffer | string) => {
      if (!this.push(chunk)) input.pause();
    });
    input.once('end', () => this.push(null));
    input.once('error', (err: Error) => this.destroy(err));
    output.once('error', (err: Error) => this.destroy(err));
  }

  override _read(): void {
    this.#input.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.#output.write(chunk, callback);
  }

  override _final(callback: (err?: Error | null) => void): void {
    this.#output.end(callback);
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.#input.destroy();
    this.#output.destroy();
    callback(err);
  }
}

/**
 * The process's stdin and stdout as one channel. `process.stdout` writes to pipes synchronously on
 * Linux (a slow reader would stall the event loop), so a pipe or socket on fd 1 gets its own
 * asynchronous socket; a file or terminal (someone running the command by hand) keeps `process.stdout`.
 */
export function openProcessStdio(): StdioChannel {
  let output: Writable;
  try {
    output = new Socket({ fd: 1, readable: false, writable: true });
  } catch {
    output = process.stdout;
  }
  return new StdioChannel(process.stdin, output);
}
