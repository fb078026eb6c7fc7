/**
 * The receiving side of SCP (`scp -t <target>`, the client uploads): files and directories arrive as
 * records and are written through the session's `Connection`, so permissions, file patterns, quotas,
 * upload modes, actions and transfer logs hold as for SFTP.
 */
import { posix } from 'node:path';
import { NotFoundError, QuotaExceededError } from '../../common/connection/index.js';
import type { SetstatAttributes } from '../../common/connection/index.js';
import { clientErrorText } from '../commands/error-text.js';
import { ScpPeerError, ScpProtocolError } from './errors.js';
import { ACK, errorRecord, parseRecord } from './records.js';
import type { ScpSession } from './session.js';
import { SCP_CHUNK } from './session.js';
import { sharedBufferPool } from '../buffer-pool.js';

/** Where file data is gathered before it is written: our own copies, given back after each file. */
const blocks = sharedBufferPool(SCP_CHUNK);

interface Times {
  readonly mtime: Date;
  readonly atime: Date;
}

interface OpenDir {
  readonly path: string;
  readonly mode: number;
  readonly times: Times | undefined;
}

/**
 * Receives what the client sends until it closes its side.
 * @returns the exit status: 0 when everything was written, 1 otherwise.
 * @throws {ScpProtocolError} when the client breaks the protocol or the channel closes.
 */
export async function receive(session: ScpSession): Promise<number> {
  const { connection, options, reader } = session;
  const target = options.paths[0] ?? '';
  const targetIsDir = await isDirectory(session, target);
  if (options.targetIsDir && !targetIsDir) {
    await session.write(errorRecord(`scp: ${target}: Not a directory`));
    return 1;
  }
  await session.write(ACK);
  const dirs: OpenDir[] = [];
  let times: Times | undefined;
  const placeOf = (name: string): string => {
    const current = dirs.at(-1);
    if (current !== undefined) return posix.join(current.path, name);
    return targetIsDir || target.endsWith('/') ? posix.join(target, name) : target;
  };
  for (;;) {
    const line = await reader.readLine();
    if (line === undefined) break;
    const record = parseRecord(line);
    switch (record.kind) {
      case 'warning':
      case 'error':
        session.logger.info('SCP', `the client reported: ${record.message}`);
        if (record.kind === 'error') return 1;
        break;
      case 'times':
        times = { mtime: new Date(record.mtime * 1000), atime: new Date(record.atime * 1000) };
        await session.write(ACK);
        break;
      case 'dir': {
        if (!options.recursive) {
          await session.write(errorRecord('scp: received a directory without -r'));
          return 1;
        }
        const path = placeOf(record.name);
        try {
          if (!(await isDirectory(session, path))) await connection.mkdir(path);
        } catch (err) {
          // The directory's entries follow: without the directory there is nowhere to put them.
          session.countError(path, err);
          await session.write(errorRecord(`scp: ${path}: ${clientErrorText(err)}`));
          return 1;
        }
        dirs.push({ path, mode: record.mode, times });
        times = undefined;
        await session.write(ACK);
        break;
      }
      case 'end': {
        const dir = dirs.pop();
        if (dir === undefined) throw new ScpProtocolError('end of directory without a directory');
        // Mode and times are set once the entries are written: writing them changes the directory.
        if (options.preserve) {
          try {
            await connection.setstat(dir.path, attributes(dir.mode, dir.times));
          } catch (err) {
            await session.warn(dir.path, err);
            break;
          }
        }
        await session.write(ACK);
        break;
      }
      case 'file':
        await receiveFile(session, placeOf(record.name), record.size, attributes(record.mode, times));
        times = undefined;
        break;
    }
  }
  return session.errors > 0 ? 1 : 0;
}

/** Mode and times of `-p`. */
function attributes(mode: number, times: Times | undefined): SetstatAttributes {
  return { mode: mode & 0o7777, ...(times === undefined ? {} : { mtime: times.mtime, atime: times.atime }) };
}

/** Whether `path` is an existing directory; false when it does not exist. */
async function isDirectory(session: ScpSession, path: string): Promise<boolean> {
  try {
    return (await session.connection.stat(path)).kind === 'directory';
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

/**
 * One file: opens it for writing (refusing at once, before any data, when the rules or quotas say no
 * or the announced size cannot fit), acknowledges, writes `size` bytes (after a failure the rest is
 * read and dropped, so that the client gets the reason instead of a broken channel), then reports the
 * outcome.
 */
async function receiveFile(
  session: ScpSession,
  path: string,
  size: number,
  preserved: SetstatAttributes,
): Promise<void> {
  const { connection, reader } = session;
  let transfer;
  try {
    transfer = await connection.openForWrite(path, { truncate: true });
  } catch (err) {
    await session.warn(path, err);
    return;
  }
  if (transfer.maxWriteSize >= 0 && size > transfer.maxWriteSize) {
    // The announced size cannot fit: refused before the client sends any data.
    const err = new QuotaExceededError(`${path}: ${size} bytes announced, ${transfer.maxWriteSize} allowed`, {
      virtualPath: path,
    });
    await transfer.close({ error: err }).catch(() => undefined);
    await session.warn(path, err);
    return;
  }
  let failure: unknown;
  let closing: Promise<void> | undefined;
  const fail = (err: unknown): void => {
    failure ??= err;
    // The error is already recorded: the close outcome adds nothing (and must not go unhandled).
    closing ??= transfer.close({ error: failure }).catch(() => undefined);
  };
  try {
    await session.write(ACK);
    // The data arrives in SSH packets of up to 32 KiB: gathered into blocks of SCP_CHUNK, it takes a
    // few large storage writes instead of many small ones.
    const block = blocks.take();
    try {
      for (let position = 0; position < size;) {
        const length = Math.min(SCP_CHUNK, size - position);
        if ((await reader.readInto(block, length)) < length) {
          throw new ScpProtocolError('the channel ended inside file data');
        }
        if (failure === undefined) {
          try {
            await transfer.write(block, 0, length, position);
          } catch (err) {
            fail(err);
          }
        }
        position += length;
      }
    } finally {
      blocks.give(block);
    }
    try {
      await reader.readAck();
    } catch (err) {
      if (!(err instanceof ScpPeerError)) throw err;
      fail(err);
    }
  } catch (err) {
    fail(err);
    await closing;
    throw err;
  }
  if (closing !== undefined) await closing;
  else {
    try {
      await transfer.close();
    } catch (err) {
      failure = err;
    }
  }
  if (failure === undefined && session.options.preserve) {
    try {
      await connection.setstat(path, preserved);
    } catch (err) {
      failure = err;
    }
  }
  if (failure !== undefined) await session.warn(path, failure);
  else await session.write(ACK);
}
