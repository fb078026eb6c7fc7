import type { FlagSpec } from './flag-spec.js';

/** Flags shared by every command that reads the configuration. */
export const configFlags: readonly FlagSpec[] = [
  {
    name: 'config-dir',
    short: 'c',
    env: 'SFTPGO_CONFIG_DIR',
    kind: 'string',
    defaultValue: '.',
    description: 'configuration directory: base for relative paths and where the config file is searched',
  },
  {
    name: 'config-file',
    env: 'SFTPGO_CONFIG_FILE',
    kind: 'string',
    defaultValue: '',
    description:
      'configuration file: a name without extension is searched in the config dir (.json, .yaml, .yml, .toml, .hcl, .env, .properties); with an extension it is a path, absolute or relative to the config dir',
  },
];

/** Flags of the log output. */
export const logFlags: readonly FlagSpec[] = [
  {
    name: 'log-file-path',
    short: 'l',
    env: 'SFTPGO_LOG_FILE_PATH',
    kind: 'string',
    defaultValue: 'sftpgo.log',
    description: 'log file, relative to the config dir unless absolute; empty writes logs to standard error',
  },
  {
    name: 'log-max-size',
    short: 's',
    env: 'SFTPGO_LOG_MAX_SIZE',
    kind: 'int',
    defaultValue: 10,
    description: 'size in MB at which the log file is rotated',
  },
  {
    name: 'log-max-backups',
    short: 'b',
    env: 'SFTPGO_LOG_MAX_BACKUPS',
    kind: 'int',
    defaultValue: 5,
    description: 'number of rotated log files to keep',
  },
  {
    name: 'log-max-age',
    short: 'a',
    env: 'SFTPGO_LOG_MAX_AGE',
    kind: 'int',
    defaultValue: 28,
    description: 'days to keep rotated log files',
  },
  {
    name: 'log-compress',
    short: 'z',
    env: 'SFTPGO_LOG_COMPRESS',
    kind: 'bool',
    defaultValue: false,
    description: 'gzip rotated log files',
  },
  {
    name: 'log-level',
    env: 'SFTPGO_LOG_LEVEL',
    kind: 'string',
    defaultValue: 'debug',
    description: 'log level',
    choices: ['debug', 'info', 'warn', 'error'],
  },
  {
    name: 'log-utc-time',
    env: 'SFTPGO_LOG_UTC_TIME',
    kind: 'bool',
    defaultValue: false,
    description: 'log timestamps in UTC instead of local time',
  },
];

/** Flags that only `serve` has. */
export const serviceFlags: readonly FlagSpec[] = [
  {
    name: 'grace-time',
    env: 'SFTPGO_GRACE_TIME',
    kind: 'int',
    defaultValue: 0,
    description:
      'seconds given to running transfers to finish after SIGTERM/SIGINT before connections are closed; 0 closes them at once',
  },
];

/** Flags that load a dump into the data provider before serving (`serve`, `initprovider`). */
export const loadDataFlags: readonly FlagSpec[] = [
  {
    name: 'loaddata-from',
    env: 'SFTPGO_LOADDATA_FROM',
    kind: 'string',
    defaultValue: '',
    description: 'absolute path of a dump (as written by dumpdata) to load into the data provider at start',
  },
  {
    name: 'loaddata-mode',
    env: 'SFTPGO_LOADDATA_MODE',
    kind: 'int',
    defaultValue: 1,
    range: [0, 2],
    description:
      'how to load: 0 adds new objects and updates existing ones, 1 only adds new ones, 2 is 0 and disconnects the updated users',
  },
  {
    name: 'loaddata-scan',
    env: 'SFTPGO_LOADDATA_QUOTA_SCAN',
    kind: 'int',
    defaultValue: 0,
    range: [0, 2],
    description:
      'quota scan after loading: 0 none, 1 every loaded user and folder, 2 only users with quota limits',
  },
  {
    name: 'loaddata-clean',
    env: 'SFTPGO_LOADDATA_CLEAN',
    kind: 'bool',
    defaultValue: false,
    description: 'remove the loaddata-from file after a successful load',
  },
];
