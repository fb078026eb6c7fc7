/**
 * Byte-level I/O on an SSH channel for the SCP protocol: lines, single bytes and bounded chunks pulled
 * on demand (so the channel's flow control holds back a fast client), and writes that wait for the
 * channel to drain.
 */
import type { Readable, Writable } from 'node:stream';
import { ScpPeerError, ScpProtocolError } from './errors.js';

/** Longest protocol line accepted (a record with a long file name). */
export const MAX_LINE = 64 * 1024;

/** Reads what a client sends, a piece at a time. */
export class ChannelReader {
  readonly #source: AsyncIterator<Buffer>;
  #pending: Buffer = Buffer.alloc(0);
  #ended = false;

  constructor(stream: Readable) {
    // The default iterator destroys the stream once it ends, which would close the whole channel
    // before the exit status is sent.
    this.#source = stream.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>;
  }

  /** True once the client closed its side and everything it sent was read. */
  async atEnd(): Promise<boolean> {
    return !(await this.#fill());
  }

  /** The next byte; undefined at the end of the stream. */
  async readByte(): Promise<number | undefined> {
    if (!(await this.#fill())) return undefined;
    const byte = this.#pending[0];
    this.#pending = this.#pending.subarray(1);
    return byte;
  }

  /**
   * The next line without its `\n`, decoded as UTF-8; undefined when the stream ends before any byte.
   * @throws {ScpProtocolError} for a line longer than {@link MAX_LINE} or cut by the end of the stream.
   */
  async readLine(): Promise<string | undefined> {
    const parts: Buffer[] = [];
    let length = 0;
    for (;;) {
      if (!(await this.#fill())) {
        if (length === 0) return undefined;
        throw new ScpProtocolError('the stream ended inside a protocol line');
      }
      const newline = this.#pending.indexOf(0x0a);
      const end = newline === -1 ? this.#pending.length : newline;
      length += end;
      if (length > MAX_LINE) throw new ScpProtocolError(`protocol line longer than ${MAX_LINE} bytes`);
      parts.push(this.#pending.subarray(0, end));
      this.#pending = this.#pending.subarray(newline === -1 ? end : end + 1);
      if (newline !== -1) return Buffer.concat(parts).toString('utf8');
    }
  }

  /**
   * Reads an acknowledgement: returns for `\0`.
   * @throws {ScpPeerError} for a warning or error record; {@link ScpProtocolError} at the end of the
   *   stream or for any other byte.
   */
  async readAck(): Promise<void> {
    const byte = await this.readByte();
    if (byte === 0) return;
    if (byte === undefined) throw new ScpProtocolError('the client closed the channel');
    if (byte === 1 || byte === 2) throw new ScpPeerError((await this.readLine()) ?? '', byte === 2);
    throw new ScpProtocolError(`unexpected acknowledgement byte ${byte}`);
  }

  /**
   * Fills `buffer` from its start with the next `length` bytes, waiting for them; fewer only when
   * the stream ends first. Returns how many bytes were copied.
   */
  async readInto(buffer: Buffer, length: number): Promise<number> {
    let filled = 0;
    while (filled < length && (await this.#fill())) {
      const n = Math.min(this.#pending.length, length - filled);
      this.#pending.copy(buffer, filled, 0, n);
      this.#pending = this.#pending.subarray(n);
      filled += n;
    }
    return filled;
  }

  /** Up to `max` bytes (at least one); undefined at the end of the stream. */
  async readChunk(max: number): Promise<Buffer | undefined> {
    if (!(await this.#fill())) return undefined;
    const chunk = this.#pending.subarray(0, max);
    this.#pending = this.#pending.subarray(chunk.length);
    return chunk;
  }

  async #fill(): Promise<boolean> {
    while (this.#pending.length === 0) {
      if (this.#ended) return false;
      let next: IteratorResult<Buffer>;
      try {
        next = await this.#source.next();
      } catch {
        next = { done: true, value: undefined };
      }
      if (next.done === true) {
        this.#ended = true;
        return false;
      }
      this.#pending = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    }
    return true;
  }
}

/**
 * Writes `data`, waiting for the channel to drain when its window is full; `onWritten` runs once the
 * channel is done with `data`.
 * @throws {ScpProtocolError} when the channel is closed.
 */
export async function writeAll(
  stream: Writable,
  data: Uint8Array | string,
  onWritten?: () => void,
): Promise<void> {
  if (stream.destroyed || stream.writableEnded) throw new ScpProtocolError('the channel is closed');
  if (onWritten === undefined ? stream.write(data) : stream.write(data, onWritten)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      if (err === undefined) resolve();
      else reject(err);
    };
    const onDrain = () => done();
    const onClose = () => done(new ScpProtocolError('the channel closed while writing'));
    stream.on('drain', onDrain);
    stream.on('close', onClose);
  });
}
