/** Bounds-checked readers for the fields of one packet (draft section 3: uint32, uint64, string). */
import { SftpProtocolError } from './errors.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Reads fields in order from a packet's bytes. */
export class FieldReader {
  readonly #buf: Buffer;
  #pos: number;

  /** @param buf the packet; reading starts at `start`. */
  constructor(buf: Buffer, start = 0) {
    this.#buf = buf;
    this.#pos = start;
  }

  /** Bytes left. */
  get remaining(): number {
    return this.#buf.length - this.#pos;
  }

  #need(n: number, what: string): void {
    if (this.#buf.length - this.#pos < n) {
      throw new SftpProtocolError(`truncated packet: no room for ${what} at offset ${this.#pos}`);
    }
  }

  /** @throws {SftpProtocolError} when truncated. */
  byte(what = 'byte'): number {
    this.#need(1, what);
    return this.#buf[this.#pos++] as number;
  }

  /** @throws {SftpProtocolError} when truncated. */
  uint32(what = 'uint32'): number {
    this.#need(4, what);
    const v = this.#buf.readUInt32BE(this.#pos);
    this.#pos += 4;
    return v;
  }

  /** A uint64 as a number. @throws {SftpProtocolError} when truncated or above 2^53 - 1. */
  uint64(what = 'uint64'): number {
    this.#need(8, what);
    const high = this.#buf.readUInt32BE(this.#pos);
    const low = this.#buf.readUInt32BE(this.#pos + 4);
    this.#pos += 8;
    const v = high * 2 ** 32 + low;
    if (!Number.isSafeInteger(v)) throw new SftpProtocolError(`${what} ${v} is too large`);
    return v;
  }

  /** A string's bytes (a view, not a copy). @throws {SftpProtocolError} when truncated. */
  bytes(what = 'string'): Buffer {
    const n = this.uint32(`${what} length`);
    this.#need(n, what);
    const out = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  /**
   * A string as text; undefined when it is not valid UTF-8 (the request then fails, the session goes
   * on). @throws {SftpProtocolError} when truncated.
   */
  text(what = 'string'): string | undefined {
    const raw = this.bytes(what);
    try {
      return UTF8.decode(raw);
    } catch {
      return undefined;
    }
  }
}
