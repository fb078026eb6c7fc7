/**
 * Cuts the channel's byte stream into SFTP packets. Each packet is `uint32 length` followed by
 * `length` bytes (the first being the type). Bytes are kept only until a packet is complete, so at
 * most one packet (plus the rest of the chunk being split) is held at a time.
 */
import type { BufferPool } from '../buffer-pool.js';
import { SftpProtocolError } from './errors.js';

/** Packet framing with a maximum length. */
export class PacketFramer {
  readonly #maxLength: number;
  readonly #pool: BufferPool | undefined;
  #chunks: Buffer[] = [];
  #buffered = 0;

  /**
   * @param maxLength largest `length` field accepted.
   * @param pool where packets spread over several chunks are assembled (a 255 KiB WRITE arrives in
   *   eight SSH packets); the caller gives each such packet back once it is done with it.
   */
  constructor(maxLength: number, pool?: BufferPool) {
    this.#maxLength = maxLength;
    this.#pool = pool;
  }

  /** Bytes held that are not a whole packet yet. */
  get buffered(): number {
    return this.#buffered;
  }

  /** Adds a chunk read from the channel. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
  }

  /**
   * The next whole packet (type byte first, length prefix removed), or undefined when more bytes are
   * needed.
   * @throws {SftpProtocolError} for a zero length or one above the maximum.
   */
  next(): Buffer | undefined {
    if (this.#buffered < 4) return undefined;
    const length = this.#peekLength();
    if (length === 0 || length > this.#maxLength) {
      throw new SftpProtocolError(`packet length ${length} is outside 1..${this.#maxLength}`);
    }
    if (this.#buffered < 4 + length) return undefined;
    this.#drop(4);
    return this.#take(length);
  }

  /** Removes `n` buffered bytes (the length prefix, already read). */
  #drop(n: number): void {
    this.#buffered -= n;
    for (let left = n; left > 0;) {
      const chunk = this.#chunks[0] as Buffer;
      if (chunk.length > left) {
        this.#chunks[0] = chunk.subarray(left);
        return;
      }
      left -= chunk.length;
      this.#chunks.shift();
    }
  }

  #peekLength(): number {
    const first = this.#chunks[0] as Buffer;
    if (first.length >= 4) return first.readUInt32BE(0);
    const head = Buffer.alloc(4);
    let copied = 0;
    for (const chunk of this.#chunks) {
      copied += chunk.copy(head, copied, 0, Math.min(chunk.length, 4 - copied));
      if (copied === 4) break;
    }
    return head.readUInt32BE(0);
  }

  /** Removes `n` buffered bytes; a view when they lie in one chunk, a copy otherwise. */
  #take(n: number): Buffer {
    this.#buffered -= n;
    const first = this.#chunks[0] as Buffer;
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(n);
      return out;
    }
    const pool = this.#pool;
    const out = pool !== undefined && n <= pool.size ? pool.take().subarray(0, n) : Buffer.allocUnsafe(n);
    let copied = 0;
    while (copied < n) {
      const chunk = this.#chunks[0] as Buffer;
      const part = Math.min(chunk.length, n - copied);
      chunk.copy(out, copied, 0, part);
      copied += part;
      if (part === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(part);
    }
    return out;
  }
}
