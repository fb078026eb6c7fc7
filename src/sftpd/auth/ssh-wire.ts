/**
 * Bounds-checked reading of SSH wire data (RFC 4251 §5: uint32, uint64, string, mpint), as found in
 * public key blobs, signatures and OpenSSH certificates.
 */
import { SshKeyError } from './errors.js';

/** Reads fields in order; every read past the end throws {@link SshKeyError} (`malformed`). */
export class SshWireReader {
  readonly #buf: Buffer;
  #pos = 0;

  constructor(buf: Buffer) {
    this.#buf = buf;
  }

  /** Offset of the next field. */
  get position(): number {
    return this.#pos;
  }

  /** The bytes read since offset `start` (a view of the input). */
  since(start: number): Buffer {
    return this.#buf.subarray(start, this.#pos);
  }

  /** Whether every byte was read. */
  get done(): boolean {
    return this.#pos === this.#buf.length;
  }

  #take(n: number, what: string): Buffer {
    if (this.#buf.length - this.#pos < n) {
      throw new SshKeyError('malformed', `truncated ${what} at offset ${this.#pos}`);
    }
    const out = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  uint32(what: string): number {
    return this.#take(4, what).readUInt32BE(0);
  }

  uint64(what: string): bigint {
    return this.#take(8, what).readBigUInt64BE(0);
  }

  /** A string's bytes (a view of the input). */
  bytes(what: string): Buffer {
    return this.#take(this.uint32(`${what} length`), what);
  }

  /** A string as UTF-8 text. */
  text(what: string): string {
    return this.bytes(what).toString('utf8');
  }

  /** The string fields packed inside a string (principals lists). */
  textList(what: string): string[] {
    const inner = new SshWireReader(this.bytes(what));
    const out: string[] = [];
    while (!inner.done) out.push(inner.text(what));
    return out;
  }

  /** The name/data pairs packed inside a string (critical options, extensions). */
  options(what: string): Map<string, Buffer> {
    const inner = new SshWireReader(this.bytes(what));
    const out = new Map<string, Buffer>();
    while (!inner.done) {
      const name = inner.text(`${what} name`);
      if (out.has(name)) throw new SshKeyError('malformed', `duplicate ${what} "${name}"`);
      out.set(name, inner.bytes(`${what} "${name}"`));
    }
    return out;
  }
}

/** `value` encoded as an SSH string (length prefix). */
export function sshString(value: Buffer | string): Buffer {
  const data = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  return Buffer.concat([length, data]);
}
