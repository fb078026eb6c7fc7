/** What the active connections registry, the REST API and the idle checker know of a connection. */
export interface ActiveConnection {
  /** Unique per process, e.g. "SFTP_8a9c..." as SFTPGo builds it: protocol prefix and a random id. */
  readonly id: string;
  readonly username: string;
  /** SFTP, SCP, SSH, FTP, DAV, HTTP... */
  readonly protocol: string;
  /** Client address as seen after the PROXY protocol, without port. */
  readonly remoteIp: string;
  /** Client address with port, for logs and the REST API. */
  readonly remoteAddress: string;
  /** Milliseconds since the epoch. */
  readonly connectedAt: number;
  /** Milliseconds since the epoch of the last client request or transfer progress. */
  lastActivity(): number;
  /** The client's software version (SSH banner, FTP `CLNT`…), when the protocol tells it. */
  readonly clientVersion?: string;
  /** The last protocol command (SSH command, FTP verb, WebDAV method), when the protocol keeps it. */
  lastCommand?(): string;
  /** Running transfers, for the REST API's connection list. */
  activeTransfers(): readonly TransferInfo[];
  /** Closes the connection from the server side (kick, idle time-out, shutdown). Never throws. */
  close(reason: string): void;
}

/** A transfer as the REST API lists it (SFTPGo's `Transfer` JSON). */
export interface TransferInfo {
  readonly id: number;
  readonly operationType: 'upload' | 'download';
  readonly path: string;
  readonly startTime: number;
  readonly size: number;
}
