/** The process exit codes of the `sftpgo` command (documented in docs/cli.md). */
export const exitCodes = {
  /** The command did its work; `serve` was stopped by SIGTERM/SIGINT and closed cleanly. */
  ok: 0,
  /** Invalid configuration, a server that could not start, or another runtime failure. */
  failure: 1,
  /** Unknown command or flag, or an invalid flag value. */
  usage: 2,
} as const;
