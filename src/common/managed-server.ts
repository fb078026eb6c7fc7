/** A server the service starts and stops: one per protocol binding set (httpd, sftpd, ftpd, ...). */
export interface ManagedServer {
  /** Short name used in logs, e.g. "httpd". */
  readonly name: string;
  /**
   * Starts listening on every binding.
   * @throws when a binding cannot listen; nothing of this server is left listening then.
   */
  start(): Promise<void>;
  /**
   * Stops accepting new connections at once, lets running work finish for up to `graceMs`, then closes
   * what is left. Never throws.
   */
  stop(options: { readonly graceMs: number }): Promise<void>;
  /** Re-reads what can change without a restart (TLS certificates, ...). Called on SIGHUP. */
  reload?(): Promise<void>;
  /** Where it listens, for logs and status: "127.0.0.1:8080", ... */
  addresses(): readonly string[];
}
