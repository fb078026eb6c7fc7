/** The SSH server: transport, host keys, algorithms and authentication; SFTP itself is injected. */
export {
  DEFAULT_CIPHERS,
  DEFAULT_HOST_KEY_ALGORITHMS,
  DEFAULT_KEX_ALGORITHMS,
  DEFAULT_MACS,
  DEFAULT_PUBLIC_KEY_ALGORITHMS,
  signatureAlgorithm,
  sshAlgorithms,
} from './algorithms.js';
export type { SshAlgorithms } from './algorithms.js';
export { SftpdConfigError } from './errors.js';
export type { SftpdConfigErrorCode } from './errors.js';
export { DEFAULT_HOST_KEYS, generateKeyPair, loadHostKeys } from './host-keys.js';
export type { HostKey, HostKeysOptions, OpenSshKeyPair } from './host-keys.js';
export { SftpServer, maxAuthTries, sshIdent } from './sftp-server.js';
export type { SftpServerOptions } from './sftp-server.js';
export { EXEC_REFUSED_MESSAGE, SshClient } from './ssh-client.js';
export type { SftpSubsystem, SshClientPeer, SshClientShared } from './ssh-client.js';
export { DISABLED_STATUS, sshCommandHandler } from './commands/index.js';
export type { ExecChannel, SshCommandHandler, SshCommandsOptions } from './commands/index.js';
