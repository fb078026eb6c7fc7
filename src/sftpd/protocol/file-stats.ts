/** File metadata as the connection reports it (the protocol layer reaches storage only through it). */
import type { Connection } from '../../common/connection/index.js';

/** What `Connection.stat` returns: kind, size, mode with type bits, owner, times. */
export type FileStats = Awaited<ReturnType<Connection['stat']>>;
