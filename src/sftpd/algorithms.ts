/**
 * The SSH algorithms the server offers, from the `sftpd` section: the configured lists, else secure
 * defaults (no SHA-1, no CBC, no DSA). Unknown names are refused at start.
 */
import type { Algorithms } from 'ssh2';
import type { SftpdConfig } from '../config/index.js';
import { certificateSignatureAlgorithm } from './auth/openssh-certificate.js';
import { SftpdConfigError } from './errors.js';

/** Key exchange methods offered by default. */
export const DEFAULT_KEX_ALGORITHMS: readonly string[] = [
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group14-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
  'diffie-hellman-group-exchange-sha256',
];

/** Ciphers offered by default. */
export const DEFAULT_CIPHERS: readonly string[] = [
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
  'chacha20-poly1305@openssh.com',
  'aes128-ctr',
  'aes192-ctr',
  'aes256-ctr',
];

/** MACs offered by default (AEAD ciphers need none). */
export const DEFAULT_MACS: readonly string[] = [
  'hmac-sha2-256-etm@openssh.com',
  'hmac-sha2-512-etm@openssh.com',
  'hmac-sha2-256',
  'hmac-sha2-512',
];

/** Host key signature algorithms offered by default; those without a matching key are left out. */
export const DEFAULT_HOST_KEY_ALGORITHMS: readonly string[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
];

/** Signature algorithms accepted for users' public keys by default: the same secure set as for host keys. */
export const DEFAULT_PUBLIC_KEY_ALGORITHMS: readonly string[] = DEFAULT_HOST_KEY_ALGORITHMS;

const KNOWN = {
  kex_algorithms: [
    ...DEFAULT_KEX_ALGORITHMS,
    'diffie-hellman-group15-sha512',
    'diffie-hellman-group17-sha512',
    'diffie-hellman-group14-sha1',
    'diffie-hellman-group1-sha1',
    'diffie-hellman-group-exchange-sha1',
  ],
  ciphers: [...DEFAULT_CIPHERS, 'aes128-cbc', 'aes192-cbc', 'aes256-cbc', '3des-cbc'],
  macs: [...DEFAULT_MACS, 'hmac-sha1', 'hmac-sha1-etm@openssh.com', 'hmac-sha1-96'],
  host_key_algorithms: [...DEFAULT_HOST_KEY_ALGORITHMS, 'ssh-rsa'],
  public_key_algorithms: [...DEFAULT_PUBLIC_KEY_ALGORITHMS, 'ssh-rsa', 'ssh-dss'],
} as const;

type AlgorithmKey = keyof typeof KNOWN;

/** The algorithms of the server. */
export interface SshAlgorithms {
  /** For the transport (ssh2's `algorithms` option). */
  readonly transport: Algorithms;
  /** Signature algorithms accepted for public key logins. */
  readonly publicKey: ReadonlySet<string>;
}

function pick(config: SftpdConfig, key: AlgorithmKey, defaults: readonly string[]): string[] {
  const configured = config[key];
  if (configured.length === 0) return [...defaults];
  const known: readonly string[] = KNOWN[key];
  for (const name of configured) {
    if (!known.includes(name)) {
      throw new SftpdConfigError(
        'ERR_SFTPD_ALGORITHM',
        `sftpd.${key}: unsupported algorithm "${name}" (supported: ${known.join(', ')})`,
      );
    }
  }
  return [...configured];
}

/** The host key algorithms a key type can sign with. */
function signaturesOf(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}

/**
 * The algorithms from the `sftpd` section, host key algorithms narrowed to those the host keys can
 * sign with.
 * @throws {SftpdConfigError} (`ERR_SFTPD_ALGORITHM`) naming an unknown algorithm, or when no host key
 *   matches the host key algorithms.
 */
export function sshAlgorithms(config: SftpdConfig, hostKeyTypes: readonly string[]): SshAlgorithms {
  const usable = new Set(hostKeyTypes.flatMap(signaturesOf));
  const serverHostKey = pick(config, 'host_key_algorithms', DEFAULT_HOST_KEY_ALGORITHMS).filter((a) =>
    usable.has(a),
  );
  if (serverHostKey.length === 0) {
    throw new SftpdConfigError(
      'ERR_SFTPD_ALGORITHM',
      `sftpd.host_key_algorithms: no host key of types ${hostKeyTypes.join(', ')} can be used`,
    );
  }
  return {
    transport: {
      kex: pick(config, 'kex_algorithms', DEFAULT_KEX_ALGORITHMS) as Algorithms['kex'],
      cipher: pick(config, 'ciphers', DEFAULT_CIPHERS) as Algorithms['cipher'],
      hmac: pick(config, 'macs', DEFAULT_MACS) as Algorithms['hmac'],
      serverHostKey: serverHostKey as Algorithms['serverHostKey'],
      compress: ['none'],
    },
    publicKey: new Set(pick(config, 'public_key_algorithms', DEFAULT_PUBLIC_KEY_ALGORITHMS)),
  };
}

/**
 * The signature algorithm of a public key login, from ssh2's key type and hash. A certificate login
 * (`rsa-sha2-512-cert-v01@openssh.com`...) counts as the algorithm of the signature made with the
 * certified key (`rsa-sha2-512`), so the configured list needs no certificate names.
 */
export function signatureAlgorithm(keyAlgo: string, hashAlgo: string | undefined): string {
  const certified = certificateSignatureAlgorithm(keyAlgo);
  if (certified !== undefined) return certified;
  if (keyAlgo !== 'ssh-rsa') return keyAlgo;
  if (hashAlgo === 'sha256') return 'rsa-sha2-256';
  if (hashAlgo === 'sha512') return 'rsa-sha2-512';
  return 'ssh-rsa';
}
