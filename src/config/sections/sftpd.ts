import { bool, int, listOf, obj, objList, pathList, pathStr, port, str, strList } from '../schema/nodes.js';

/** One listener of `sftpd.bindings`. */
const sftpdBindingSchema = obj({
  /** 0 disables the binding. */
  port: port(2022),
  /** Empty listens on every interface. */
  address: str(),
  /** Apply `common.proxy_protocol` to this listener. */
  apply_proxy_config: bool(true),
});

/** SSH commands a client may run besides SFTP (`*` enables all of them). */
export const sshCommands = [
  '*',
  'scp',
  'md5sum',
  'sha1sum',
  'sha256sum',
  'sha384sum',
  'sha512sum',
  'cd',
  'pwd',
  'sftpgo-copy',
  'sftpgo-remove',
  'git-receive-pack',
  'git-upload-pack',
  'git-upload-archive',
  'rsync',
] as const;

/** The `sftpd` section: the SSH/SFTP/SCP server. */
export const sftpdSection = obj({
  bindings: objList(sftpdBindingSchema, [{}]),
  /** Authentication attempts per connection: negative unlimited, 0 means 6. */
  max_auth_tries: int(0),
  /**
   * Private host key files (paths). Empty: `id_rsa`, `id_ecdsa` and `id_ed25519` in the config
   * dir, generated when missing.
   */
  host_keys: pathList(),
  /** Host certificate files (paths), each matching one of the host keys. */
  host_certificates: pathList(),
  host_key_algorithms: strList(),
  kex_algorithms: strList(),
  ciphers: strList(),
  macs: strList(),
  public_key_algorithms: strList(),
  /** Public keys (paths) of the CAs trusted to sign user certificates. */
  trusted_user_ca_keys: pathList(),
  /** JSON list of revoked certificate fingerprints (path). */
  revoked_user_certs_file: pathStr(),
  /** Absolute path of the `opkssh` program; kept as written. */
  opkssh_path: str(),
  opkssh_checksum: str(),
  /** Text sent to clients before authentication (path). */
  login_banner_file: pathStr(),
  enabled_ssh_commands: listOf(sshCommands, ['md5sum', 'sha1sum', 'sha256sum', 'cd', 'pwd', 'scp']),
  keyboard_interactive_authentication: bool(true),
  /** Absolute path of a program, or an HTTP URL. */
  keyboard_interactive_auth_hook: str(),
  password_authentication: bool(true),
});
