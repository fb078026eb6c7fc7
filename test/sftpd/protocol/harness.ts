// Test setup for the SFTP protocol layer: an in-memory channel pair with real backpressure, a raw
// SFTP client that sends packets and matches replies by id, and a session on a real Connection.
import { Duplex } from 'node:stream';
import type { TestContext } from 'node:test';
import type { Connection } from '../../../src/common/connection/index.js';
import type { SftpLimits } from '../../../src/sftpd/protocol/index.js';
import { SftpSession } from '../../../src/sftpd/protocol/index.js';
import { PacketFramer } from '../../../src/sftpd/protocol/framer.js';
import type { Harness } from '../../common/connection/harness.js';
import { setup } from '../../common/connection/harness.js';

/** One end of an in-memory pipe pair: what one end writes, the other reads, with backpressure. */
export class PipeEnd extends Duplex {
  peer: PipeEnd | undefined;
  /** The peer's write callback held until this end's reader wants more. */
  #held: (() => void) | undefined;
  /** Bytes written by this end so far. */
  written = 0;

  constructor(highWaterMark: number) {
    super({ highWaterMark, readableHighWaterMark: highWaterMark, writableHighWaterMark: highWaterMark });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const peer = this.peer as PipeEnd;
    this.written += chunk.length;
    if (peer.push(chunk)) callback();
    else peer.#held = callback;
  }

  override _read(): void {
    const held = this.#held;
    this.#held = undefined;
    held?.();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.peer?.push(null);
    callback();
  }
}

/** Two connected ends. */
export function pipePair(highWaterMark = 64 * 1024): [PipeEnd, PipeEnd] {
  const a = new PipeEnd(highWaterMark);
  const b = new PipeEnd(highWaterMark);
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** Encoders of SFTP fields. */
export const f = {
  u8(n: number): Buffer {
    return Buffer.from([n]);
  },
  u32(n: number): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0);
    return b;
  },
  u64(n: number): Buffer {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(n));
    return b;
  },
  str(s: string | Uint8Array): Buffer {
    const body = typeof s === 'string' ? Buffer.from(s) : Buffer.from(s);
    return Buffer.concat([f.u32(body.length), body]);
  },
  /** Empty attributes. */
  noAttrs(): Buffer {
    return f.u32(0);
  },
};

/** A whole packet: length, type, then the fields. */
export function packet(type: number, ...fields: Buffer[]): Buffer {
  const body = Buffer.concat([f.u8(type), ...fields]);
  return Buffer.concat([f.u32(body.length), body]);
}

/** A reply as parsed by the test client. */
export interface Reply {
  readonly type: number;
  readonly id: number;
  /** The whole packet, length prefix excluded. */
  readonly raw: Buffer;
  /** The fields after the id. */
  readonly body: Buffer;
}

/** A raw SFTP client over one stream: a pipe end, or a real SSH channel opened for the `sftp` subsystem. */
export class RawClient {
  readonly end: Duplex;
  readonly #framer = new PacketFramer(16 * 1024 * 1024);
  readonly #waiting = new Map<number, (reply: Reply) => void>();
  readonly replies: Reply[] = [];
  #nextId = 1;
  /** Resolves when the server ends its side. */
  readonly closed: Promise<void>;

  constructor(end: Duplex) {
    this.end = end;
    this.closed = new Promise((resolve) => end.once('end', () => resolve()));
    end.on('data', (chunk: Buffer) => {
      this.#framer.push(chunk);
      for (let p = this.#framer.next(); p !== undefined; p = this.#framer.next()) {
        const reply: Reply = { type: p[0] as number, id: p.readUInt32BE(1), raw: p, body: p.subarray(5) };
        this.replies.push(reply);
        const waiter = this.#waiting.get(reply.id);
        if (waiter !== undefined) {
          this.#waiting.delete(reply.id);
          waiter(reply);
        }
      }
    });
  }

  /** Sends INIT and waits for VERSION. */
  async init(): Promise<Reply> {
    return this.#expect(3, packet(1, f.u32(3)));
  }

  /** Sends a request with a fresh id and resolves with its reply. */
  async request(type: number, ...fields: Buffer[]): Promise<Reply> {
    const id = this.#nextId++;
    return this.#expect(id, packet(type, f.u32(id), ...fields));
  }

  /** The reply to `id`, already received or still to come (for requests sent as raw bytes). */
  async replyTo(id: number): Promise<Reply> {
    const received = this.replies.find((r) => r.id === id);
    if (received !== undefined) return received;
    return new Promise<Reply>((resolve) => this.#waiting.set(id, resolve));
  }

  /** Sends bytes as they are. */
  send(bytes: Buffer): void {
    this.end.write(bytes);
  }

  #expect(id: number, bytes: Buffer): Promise<Reply> {
    const reply = new Promise<Reply>((resolve) => this.#waiting.set(id, resolve));
    this.end.write(bytes);
    return reply;
  }
}

/** The status code and message of a STATUS reply. @throws when it is not a STATUS. */
export function status(reply: Reply): { code: number; message: string } {
  if (reply.type !== 101) throw new Error(`expected STATUS, got type ${reply.type}`);
  const n = reply.body.readUInt32BE(4);
  return { code: reply.body.readUInt32BE(0), message: reply.body.subarray(8, 8 + n).toString() };
}

/** The handle of a HANDLE reply. @throws when it is not a HANDLE. */
export function handleOf(reply: Reply): Buffer {
  if (reply.type !== 102) {
    throw new Error(
      `expected HANDLE, got type ${reply.type} ${reply.type === 101 ? status(reply).message : ''}`,
    );
  }
  const n = reply.body.readUInt32BE(0);
  return reply.body.subarray(4, 4 + n);
}

/** The data of a DATA reply. */
export function dataOf(reply: Reply): Buffer {
  if (reply.type !== 103) throw new Error(`expected DATA, got type ${reply.type}`);
  const n = reply.body.readUInt32BE(0);
  return reply.body.subarray(4, 4 + n);
}

/** The entries of a NAME reply: filename, longname and attribute flags. */
export function namesOf(
  reply: Reply,
): { filename: string; longname: string; flags: number; size?: number }[] {
  if (reply.type !== 104) throw new Error(`expected NAME, got type ${reply.type}`);
  const b = reply.body;
  const count = b.readUInt32BE(0);
  let pos = 4;
  const out = [];
  const str = (): string => {
    const n = b.readUInt32BE(pos);
    const s = b.subarray(pos + 4, pos + 4 + n).toString();
    pos += 4 + n;
    return s;
  };
  for (let i = 0; i < count; i++) {
    const filename = str();
    const longname = str();
    const flags = b.readUInt32BE(pos);
    pos += 4;
    let size: number | undefined;
    if (flags & 1) {
      size = Number(b.readBigUInt64BE(pos));
      pos += 8;
    }
    if (flags & 2) pos += 8;
    if (flags & 4) pos += 4;
    if (flags & 8) pos += 8;
    out.push({ filename, longname, flags, ...(size === undefined ? {} : { size }) });
  }
  return out;
}

/** The attributes of an ATTRS reply (all four groups are always sent). */
export function attrsOf(reply: Reply): {
  flags: number;
  size: number;
  uid: number;
  gid: number;
  mode: number;
  atime: number;
  mtime: number;
} {
  if (reply.type !== 105) throw new Error(`expected ATTRS, got type ${reply.type}`);
  const b = reply.body;
  return {
    flags: b.readUInt32BE(0),
    size: Number(b.readBigUInt64BE(4)),
    uid: b.readUInt32BE(12),
    gid: b.readUInt32BE(16),
    mode: b.readUInt32BE(20),
    atime: b.readUInt32BE(24),
    mtime: b.readUInt32BE(28),
  };
}

/** A running session on a real connection, with its client. */
export interface SessionFixture {
  readonly h: Harness;
  readonly connection: Connection;
  readonly session: SftpSession;
  readonly client: RawClient;
  readonly server: PipeEnd;
  /** What `run()` returned. */
  readonly done: Promise<void>;
}

/** Starts a session for a user (default: all permissions) with the given limits. */
export async function startSession(
  t: TestContext,
  options: {
    user?: Record<string, unknown>;
    limits?: Partial<SftpLimits>;
    highWaterMark?: number;
    h?: Harness;
    /** A connection made by the caller (then `user` is ignored). */
    connection?: Connection;
  } = {},
): Promise<SessionFixture> {
  const h = options.h ?? (await setup(t));
  const connection = options.connection ?? h.connect(await h.user(options.user ?? {}));
  const [server, clientEnd] = pipePair(options.highWaterMark);
  const session = new SftpSession({ channel: server, connection, logger: h.logger, limits: options.limits });
  const done = session.run();
  const client = new RawClient(clientEnd);
  t.after(async () => {
    clientEnd.end();
    await done;
  });
  return { h, connection, session, client, server, done };
}
