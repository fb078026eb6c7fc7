// Random and truncated packets, and random request sequences, from a seeded generator: the session
// must never crash, must always end, and must leave no open transfer or handle behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setup } from '../../common/connection/harness.js';
import { f, packet, startSession } from './harness.js';

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = ['/', '/a', '/d', '/d/x', 'rel', '../..', '', '/missing/deep', '/a/../d', '~'];
const HANDLES = ['1', '2', '3', '4', '5', '6', 'x', ''];
const EXTENSIONS = [
  'posix-rename@openssh.com',
  'statvfs@openssh.com',
  'fstatvfs@openssh.com',
  'limits@openssh.com',
  'lsetstat@openssh.com',
  'expand-path@openssh.com',
  'copy-data',
  'nope@example.com',
];

function fuzzPacket(rand: () => number, id: number): Buffer {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const path = (): Buffer => f.str(pick(PATHS));
  const handle = (): Buffer => f.str(pick(HANDLES));
  const small = (): Buffer => f.u64(Math.floor(rand() * 400_000));
  const attrs = (): Buffer =>
    rand() < 0.5 ? f.noAttrs() : Buffer.concat([f.u32(0x0c), f.u32(0o100644), f.u32(1), f.u32(2)]);
  const r = rand();
  if (r < 0.03) {
    // Raw noise: any length, any bytes.
    const noise = Buffer.alloc(Math.floor(rand() * 40));
    for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(rand() * 256);
    return noise;
  }
  const type = rand() < 0.05 ? Math.floor(rand() * 256) : 3 + Math.floor(rand() * 18);
  const body: Buffer[] = [f.u32(id)];
  switch (type) {
    case 3:
      body.push(path(), f.u32(Math.floor(rand() * 64)), attrs());
      break;
    case 5:
      body.push(handle(), small(), f.u32(Math.floor(rand() * 300_000)));
      break;
    case 6:
      body.push(handle(), small(), f.str(Buffer.alloc(Math.floor(rand() * 5000), 7)));
      break;
    case 4:
    case 8:
    case 12:
      body.push(handle());
      break;
    case 9:
      body.push(path(), attrs());
      break;
    case 10:
      body.push(handle(), attrs());
      break;
    case 14:
      body.push(path(), attrs());
      break;
    case 18:
    case 20:
      body.push(path(), path());
      break;
    default:
      body.push(path());
  }
  if (rand() < 0.2) {
    const name = pick(EXTENSIONS);
    body.splice(1, body.length - 1, f.str(name), handle(), small(), small(), handle(), small());
    const whole = packet(200, ...body);
    return rand() < 0.1 ? whole.subarray(0, Math.floor(rand() * whole.length)) : whole;
  }
  const whole = packet(type, ...body);
  // Sometimes a truncated packet, sometimes a length that lies.
  if (rand() < 0.02) return whole.subarray(0, 4 + Math.floor(rand() * (whole.length - 4)));
  if (rand() < 0.01) {
    const lie = Buffer.from(whole);
    lie.writeUInt32BE(Math.max(1, whole.length - 4 - 1 - Math.floor(rand() * 8)), 0);
    return lie;
  }
  return whole;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no end after ${ms} ms`)), ms);
    }),
  ]);
}

test('thousands of random, truncated and valid packets: no crash, no leaked handle or transfer', async (t) => {
  const h = await setup(t);
  await mkdir(join(h.home, 'd'), { recursive: true });
  await writeFile(join(h.home, 'a'), Buffer.alloc(10_000, 1));
  let sent = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const rand = prng(seed);
    const user = await h.user({
      username: `fuzz${seed}`,
      ...(seed % 3 === 0 ? { permissions: { '/': ['list'] } } : {}),
    });
    const connection = h.connect(user);
    const fixture = await startSession(t, { h, connection });
    const { client, done, session } = fixture;
    await client.init();
    const count = 50 + Math.floor(rand() * 150);
    for (let i = 0; i < count; i++) {
      const bytes = fuzzPacket(rand, i + 1);
      // Split some packets across writes.
      const cut = rand() < 0.2 ? Math.floor(rand() * bytes.length) : bytes.length;
      client.send(bytes.subarray(0, cut));
      client.send(bytes.subarray(cut));
      sent++;
    }
    const ended = done.then(() => 'ended' as const);
    const last = client.request(17, f.str('/')).then(() => 'answered' as const);
    await withTimeout(Promise.race([ended, last]), 10_000, `seed ${seed}`);
    client.end.end();
    await withTimeout(done, 10_000, `seed ${seed} end`);
    assert.deepEqual(connection.activeTransfers(), [], `seed ${seed}: transfers left`);
    assert.equal(session.openHandles, 0, `seed ${seed}: handles left`);
    assert.ok(session.peakOutstanding <= 64);
  }
  assert.ok(sent > 2000, `sent ${sent}`);
});
