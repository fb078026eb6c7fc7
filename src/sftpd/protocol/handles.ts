/** The open file and directory handles of one session. */
import type { ConnectionDirLister } from '../../common/connection/index.js';
import { FailureError } from '../../common/connection/index.js';
import type { DownloadTransfer, UploadTransfer } from '../../common/transfer/index.js';

/** An open file: a download or an upload. */
export interface FileHandle {
  readonly kind: 'file';
  readonly virtualPath: string;
  readonly transfer: DownloadTransfer | UploadTransfer;
  readonly reading: boolean;
  /** Reads and writes running on it; CLOSE waits for them. */
  readonly inFlight: Set<Promise<unknown>>;
}

/** An open directory listing. */
export interface DirHandle {
  readonly kind: 'dir';
  readonly virtualPath: string;
  readonly lister: ConnectionDirLister;
  /** READDIR requests run one after the other. */
  chain: Promise<unknown>;
}

/** Either kind of handle. */
export type OpenHandle = FileHandle | DirHandle;

/** Handle strings to open handles, with a bound on how many may be open (or being opened). */
export class HandleTable {
  readonly #max: number;
  readonly #open = new Map<string, OpenHandle>();
  #reserved = 0;
  #next = 1;

  constructor(max: number) {
    this.#max = max;
  }

  get size(): number {
    return this.#open.size;
  }

  /** Takes a slot for a handle being opened. @throws {FailureError} at the limit. */
  reserve(): void {
    if (this.#open.size + this.#reserved >= this.#max) {
      throw new FailureError(`too many open handles: at most ${this.#max} per session`);
    }
    this.#reserved++;
  }

  /** Gives back a slot taken by {@link reserve} when the open failed. */
  release(): void {
    this.#reserved--;
  }

  /** Stores a handle in a reserved slot and returns its handle string. */
  add(handle: OpenHandle): string {
    this.#reserved--;
    const id = String(this.#next++);
    this.#open.set(id, handle);
    return id;
  }

  /** The handle for `id`. @throws {FailureError} for an unknown handle. */
  get(id: string): OpenHandle {
    const handle = this.#open.get(id);
    if (handle === undefined) throw new FailureError('invalid handle');
    return handle;
  }

  /** The file handle for `id`. @throws {FailureError} for an unknown handle or a directory. */
  file(id: string): FileHandle {
    const handle = this.get(id);
    if (handle.kind !== 'file')
      throw new FailureError(`${JSON.stringify(handle.virtualPath)} is a directory handle`);
    return handle;
  }

  /** Removes and returns the handle for `id`. @throws {FailureError} for an unknown handle. */
  remove(id: string): OpenHandle {
    const handle = this.get(id);
    this.#open.delete(id);
    return handle;
  }

  /** Removes and returns every handle. */
  drain(): OpenHandle[] {
    const all = [...this.#open.values()];
    this.#open.clear();
    return all;
  }
}

/** Runs `work` as one of the handle's in-flight operations (CLOSE waits for them). */
export async function onHandle<T>(handle: FileHandle, work: () => Promise<T>): Promise<T> {
  const running = work();
  handle.inFlight.add(running);
  try {
    return await running;
  } finally {
    handle.inFlight.delete(running);
  }
}
