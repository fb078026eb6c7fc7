/** The client-side files of the benchmark, made once in the work directory. */
import { randomFillSync } from 'node:crypto';
import { mkdirSync, openSync, closeSync, writeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CHUNK = 8 << 20;

/** Writes `size` random bytes (incompressible, so no transport can shortcut them). */
function randomFile(path: string, size: number): void {
  const fd = openSync(path, 'w');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, size));
    for (let left = size; left > 0;) {
      const n = Math.min(buffer.length, left);
      randomFillSync(buffer, 0, n);
      writeSync(fd, buffer, 0, n);
      left -= n;
    }
  } finally {
    closeSync(fd);
  }
}

export class LocalFiles {
  readonly dir: string;
  readonly size: number;
  readonly #parts = new Map<number, string[]>();
  readonly #smallDirs = new Set<string>();

  constructor(dir: string, size: number) {
    this.dir = dir;
    this.size = size;
    mkdirSync(join(dir, 'downloads'), { recursive: true });
    randomFile(this.big, size);
  }

  /** The single-stream transfer file (`size` bytes). */
  get big(): string {
    return join(this.dir, 'big.bin');
  }

  /** Where downloads land. */
  get downloads(): string {
    return join(this.dir, 'downloads');
  }

  /** `streams` files of `size / streams` bytes each, made on first use. */
  parts(streams: number): string[] {
    let parts = this.#parts.get(streams);
    if (parts === undefined) {
      parts = [];
      for (let i = 0; i < streams; i += 1) {
        const path = join(this.dir, `part-${streams}-${i}.bin`);
        randomFile(path, Math.floor(this.size / streams));
        parts.push(path);
      }
      this.#parts.set(streams, parts);
    }
    return parts;
  }

  /** A directory of `count` files of `size` bytes, made on first use. */
  smallFiles(count: number, size: number): string {
    const dir = join(this.dir, `small-${count}`);
    if (this.#smallDirs.has(dir)) return dir;
    this.#smallDirs.add(dir);
    mkdirSync(dir, { recursive: true });
    const data = Buffer.alloc(size, 0x61);
    for (let i = 0; i < count; i += 1) writeFileSync(join(dir, `f${String(i).padStart(5, '0')}.txt`), data);
    return dir;
  }
}
