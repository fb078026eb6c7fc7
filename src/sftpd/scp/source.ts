/**
 * The sending side of SCP (`scp -f <paths>`, the client downloads): files are read through the
 * session's `Connection` (permissions, file patterns, data transfer quota, `download` actions and
 * transfer logs as for SFTP); with `-r` directories are sent with their entries.
 */
import { posix } from 'node:path';
import type { Connection } from '../../common/connection/index.js';
import { FailureError, NotFoundError, tooDeep } from '../../common/connection/index.js';
import { pathMatch } from '../../common/rules/index.js';
import { pagedEntries } from '../../util/paged-entries.js';
import { clientErrorText } from '../commands/error-text.js';
import { ScpPeerError } from './errors.js';
import { ACK, dirRecord, fileRecord, timesRecord, warningRecord } from './records.js';
import type { ScpSession } from './session.js';
import { SCP_CHUNK } from './session.js';

const PAGE = 500;
/** Characters that make a last name a pattern. */
const WILDCARD = /[*?[]/;
/**
 * Most bytes of names one pattern may expand to: the shell of an OpenSSH server puts the matches on
 * a command line, which Linux bounds at about 2 MiB ("argument list too long").
 */
const MAX_MATCH_BYTES = 2 * 1024 * 1024;

/** Metadata as the `Connection` reports it. */
type FsStats = Awaited<ReturnType<Connection['stat']>>;

/**
 * Sends the requested paths once the client says it is ready.
 * @returns the exit status: 0 when everything was sent, 1 otherwise.
 * @throws {ScpProtocolError} when the client breaks the protocol or the channel closes.
 */
export async function send(session: ScpSession): Promise<number> {
  await session.reader.readAck();
  try {
    for (const path of session.options.paths) await sendPath(session, path);
  } catch (err) {
    if (err instanceof ScpPeerError && err.fatal) return 1;
    throw err;
  }
  return session.errors > 0 ? 1 : 0;
}

async function sendPath(session: ScpSession, path: string): Promise<void> {
  let st: FsStats;
  try {
    st = await session.connection.stat(path);
  } catch (err) {
    if (err instanceof NotFoundError && WILDCARD.test(posix.basename(path))) {
      await sendMatches(session, path);
      return;
    }
    await session.warn(path, err);
    return;
  }
  await sendEntry(session, path, st);
}

/**
 * A wildcard in the last name (`/logs/*.log`), expanded as the shell of an OpenSSH server would:
 * matching entries in name order, hidden names only when the pattern starts with a dot.
 */
async function sendMatches(session: ScpSession, pattern: string): Promise<void> {
  const dir = posix.dirname(pattern);
  const glob = posix.basename(pattern);
  const names: string[] = [];
  let bytes = 0;
  try {
    for await (const { name } of pagedEntries(await session.connection.listDir(dir), PAGE)) {
      const hidden = name.startsWith('.') && !glob.startsWith('.');
      if (hidden || pathMatch(glob, name) !== 'match') continue;
      bytes += Buffer.byteLength(name) + 1;
      if (bytes > MAX_MATCH_BYTES) throw new FailureError('argument list too long');
      names.push(name);
    }
  } catch (err) {
    await session.warn(pattern, err);
    return;
  }
  if (names.length === 0) {
    await session.warn(pattern, new NotFoundError('no match', { virtualPath: pattern }));
    return;
  }
  for (const name of names.sort()) await sendPath(session, posix.join(dir, name));
}

/** `depth`: directories above this entry below the path the client asked for. */
async function sendEntry(session: ScpSession, path: string, st: FsStats, depth = 0): Promise<void> {
  if (st.kind === 'file') await sendFile(session, path, st);
  else if (st.kind === 'directory' && session.options.recursive) await sendDir(session, path, st, depth);
  else await session.warn(path, new FailureError('not a regular file'));
}

/** Sends a record and reads its acknowledgement; false when the client refused it with a warning. */
async function offer(session: ScpSession, record: string): Promise<boolean> {
  await session.write(record);
  try {
    await session.reader.readAck();
    return true;
  } catch (err) {
    if (err instanceof ScpPeerError && !err.fatal) {
      session.logger.info('SCP', `the client reported: ${err.message}`);
      return false;
    }
    throw err;
  }
}

async function sendDir(session: ScpSession, path: string, st: FsStats, depth: number): Promise<void> {
  const { connection } = session;
  if (depth >= connection.maxTreeDepth) {
    await session.warn(path, tooDeep(connection.maxTreeDepth, path));
    return;
  }
  let lister;
  try {
    lister = await connection.listDir(path);
  } catch (err) {
    await session.warn(path, err);
    return;
  }
  try {
    if (session.options.preserve && !(await offer(session, timesRecord(st.mtime, st.atime)))) return;
    const name = path === '/' || posix.basename(path) === '' ? connection.username : posix.basename(path);
    if (!(await offer(session, dirRecord(st.mode, name)))) return;
    for (;;) {
      const page = await lister.next(PAGE);
      if (page.length === 0) break;
      for (const entry of page) {
        const child = posix.join(path, entry.name);
        if (entry.kind !== 'symlink') {
          await sendEntry(session, child, entry, depth + 1);
          continue;
        }
        // A link is sent as what it points to when that is a file; links to directories are not
        // followed, so a loop of links cannot make the copy endless.
        let target: FsStats;
        try {
          target = await connection.stat(child);
        } catch (err) {
          await session.warn(child, err);
          continue;
        }
        if (target.kind === 'directory') {
          await session.warn(child, new FailureError('skipping a symbolic link to a directory'));
        } else {
          await sendEntry(session, child, target, depth + 1);
        }
      }
    }
    await offer(session, 'E\n');
  } finally {
    await lister.close();
  }
}

async function sendFile(session: ScpSession, path: string, st: FsStats): Promise<void> {
  const name = posix.basename(path);
  if (name.includes('\n')) {
    // A newline would end the record early: the legacy protocol cannot carry such a name.
    await session.warn(path, new FailureError('skipping, the file name contains a newline'));
    return;
  }
  let transfer;
  try {
    transfer = await session.connection.openForRead(path);
  } catch (err) {
    await session.warn(path, err);
    return;
  }
  // Every failure below reaches the client (its refusal, or the status after the data): only counted.
  let failure: unknown;
  try {
    const size = transfer.fileSize;
    if (
      (session.options.preserve && !(await offer(session, timesRecord(st.mtime, st.atime)))) ||
      !(await offer(session, fileRecord(st.mode, size, name)))
    ) {
      failure = new FailureError('refused by the client');
      return;
    }
    for (let position = 0; position < size;) {
      const length = Math.min(SCP_CHUNK, size - position);
      // A buffer per chunk, recycled once sent: the channel may still hold the previous one in its queue.
      const buffer = session.chunkBuffer();
      let n = 0;
      if (failure === undefined) {
        try {
          n = await transfer.read(buffer, 0, length, position);
          if (n === 0) failure = new FailureError('the file shrank while it was sent');
        } catch (err) {
          failure = err;
        }
      }
      // After a failure the announced size is still owed: zeros fill it, then the error follows.
      if (failure !== undefined) {
        buffer.fill(0);
        n = length;
      }
      await session.writeChunk(buffer.subarray(0, n));
      position += n;
    }
    await session.write(
      failure === undefined ? ACK : warningRecord(`scp: ${path}: ${clientErrorText(failure)}`),
    );
    try {
      await session.reader.readAck();
    } catch (err) {
      failure ??= err;
      if (!(err instanceof ScpPeerError) || err.fatal) throw err;
    }
  } catch (err) {
    failure ??= err;
    throw err;
  } finally {
    if (failure !== undefined) session.countError(path, failure);
    await transfer.close(failure === undefined ? {} : { error: failure }).catch(() => undefined);
  }
}
