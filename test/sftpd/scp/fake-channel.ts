// An in-memory stand-in for an SSH exec channel (no SSH here: these tests drive the SCP protocol
// itself): what the test sends comes out of the channel's readable side, what the server writes is
// read back by the test with the same reader the server uses.
import { Duplex, PassThrough } from 'node:stream';
import { ChannelReader } from '../../../src/sftpd/scp/channel-io.js';

export class FakeChannel extends Duplex {
  readonly stderr = new PassThrough();
  readonly #output = new PassThrough();
  /** Reads what the server wrote. */
  readonly server = new ChannelReader(this.#output);

  override _read(): void {
    // Data is pushed by `send`.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#output.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#output.end();
    callback();
  }

  /** What the client sends. */
  send(data: string | Uint8Array): void {
    this.push(typeof data === 'string' ? Buffer.from(data) : data);
  }

  /** The client closes its side. */
  endInput(): void {
    this.push(null);
  }

  /** The next `n` bytes the server wrote. */
  async bytes(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let got = 0;
    while (got < n) {
      const chunk = await this.server.readChunk(n - got);
      if (chunk === undefined) throw new Error(`server output ended after ${got} of ${n} bytes`);
      parts.push(chunk);
      got += chunk.length;
    }
    return Buffer.concat(parts);
  }
}
