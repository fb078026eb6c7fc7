/** Where a configuration value came from, for error messages and warnings. */
export interface SourceOrigin {
  /** The config file. */
  readonly file?: string;
  /** The environment variable (from the process environment or an envfile). */
  readonly envVar?: string;
  /** 1-based line in the file, when the format keeps it per key. */
  readonly line?: number;
}

/** Human words for an origin: `/etc/sftpgo/sftpgo.json`, `environment variable SFTPGO_X`... */
export function describeOrigin(origin: SourceOrigin): string {
  const line = origin.line === undefined ? '' : ` line ${origin.line}`;
  if (origin.envVar !== undefined && origin.file !== undefined)
    return `${origin.envVar} in ${origin.file}${line}`;
  if (origin.envVar !== undefined) return `environment variable ${origin.envVar}`;
  return `${origin.file ?? 'defaults'}${line}`;
}

/** The value for `ConfigError.file` and `ConfigWarning.source`: the file, else the variable. */
export function originName(origin: SourceOrigin): string | undefined {
  return origin.file ?? origin.envVar;
}
