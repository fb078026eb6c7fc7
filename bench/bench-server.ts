/** A server under test, as the workloads see it. */
export interface BenchServer {
  /** Column name in the report. */
  readonly name: string;
  readonly port: number;
  /** Login name. */
  readonly user: string;
  /** The user's directory as clients name it (absolute remote path). */
  readonly remoteRoot: string;
  /** The same directory on this machine's disk. */
  readonly diskRoot: string;
  /** The process whose tree is the whole server (its CPU and memory are measured). */
  readonly pid: number;
  stop(): Promise<void>;
}
