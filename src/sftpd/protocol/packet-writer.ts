/**
 * Builds one reply packet into a Buffer allocated once at its final size: `uint32 length`,
 * `byte type`, `uint32 request-id`, then the body.
 */

/** Bytes of the length, type and id that start every reply. */
export const REPLY_HEADER_LENGTH = 9;

/** Writes the fields of one reply. */
export class PacketWriter {
  readonly buffer: Buffer;
  #pos = 0;

  /**
   * @param type the packet type.
   * @param id the request id (omitted for VERSION, whose second field is the version).
   * @param bodyLength exact bytes of the fields after the id.
   */
  constructor(type: number, id: number, bodyLength: number) {
    this.buffer = Buffer.allocUnsafe(REPLY_HEADER_LENGTH + bodyLength);
    this.uint32(5 + bodyLength);
    this.buffer[4] = type;
    this.#pos = 5;
    this.uint32(id);
  }

  /** The size a string field takes. */
  static stringLength(value: string | Uint8Array): number {
    return 4 + (typeof value === 'string' ? Buffer.byteLength(value) : value.length);
  }

  /** Where the next field goes. */
  get position(): number {
    return this.#pos;
  }

  uint32(value: number): void {
    this.buffer.writeUInt32BE(value >>> 0, this.#pos);
    this.#pos += 4;
  }

  /** A non-negative integer up to 2^53 - 1 (larger or negative values are clamped). */
  uint64(value: number): void {
    const v = Number.isSafeInteger(value) && value > 0 ? value : value > 0 ? Number.MAX_SAFE_INTEGER : 0;
    this.buffer.writeUInt32BE(Math.floor(v / 2 ** 32), this.#pos);
    this.buffer.writeUInt32BE(v >>> 0, this.#pos + 4);
    this.#pos += 8;
  }

  string(value: string | Uint8Array): void {
    if (typeof value === 'string') {
      const n = this.buffer.write(value, this.#pos + 4, 'utf8');
      this.buffer.writeUInt32BE(n, this.#pos);
      this.#pos += 4 + n;
    } else {
      this.buffer.writeUInt32BE(value.length, this.#pos);
      this.buffer.set(value, this.#pos + 4);
      this.#pos += 4 + value.length;
    }
  }

  /** Raw bytes, without a length (the last field of a reply whose length tells where it ends). */
  bytes(value: Uint8Array): void {
    this.buffer.set(value, this.#pos);
    this.#pos += value.length;
  }

  /** The packet. @throws {Error} when the fields written do not fill the size announced (a bug). */
  finish(): Buffer {
    if (this.#pos !== this.buffer.length) {
      throw new Error(`reply size mismatch: wrote ${this.#pos} of ${this.buffer.length} bytes`);
    }
    return this.buffer;
  }
}
