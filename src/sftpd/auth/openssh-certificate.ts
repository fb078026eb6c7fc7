/**
 * OpenSSH user certificates (PROTOCOL.certkeys in the OpenSSH sources): the blob parsed, and the
 * checks that make one good for a login. The SSH transport does not know them, so the server reads
 * them here.
 */
import { cidrContains, parseCIDR, parseIP } from '../../util/cidr.js';
import type { CIDR, IPAddress } from '../../util/cidr.js';
import { SshKeyError } from './errors.js';
import type { SshPublicKey, SshSignature } from './ssh-public-key.js';
import {
  fingerprintSHA256,
  parsePublicKey,
  parseSignature,
  readKeyFields,
  verifySignature,
} from './ssh-public-key.js';
import { SshWireReader } from './ssh-wire.js';

/**
 * The certificate algorithms a client may name in a public key login: the type written in the blob,
 * and the algorithm of the signature the client makes with the certified key.
 */
const CERT_ALGORITHMS: Readonly<Record<string, { blobType: string; signature: string }>> = {
  'ssh-ed25519-cert-v01@openssh.com': {
    blobType: 'ssh-ed25519-cert-v01@openssh.com',
    signature: 'ssh-ed25519',
  },
  'ecdsa-sha2-nistp256-cert-v01@openssh.com': {
    blobType: 'ecdsa-sha2-nistp256-cert-v01@openssh.com',
    signature: 'ecdsa-sha2-nistp256',
  },
  'ecdsa-sha2-nistp384-cert-v01@openssh.com': {
    blobType: 'ecdsa-sha2-nistp384-cert-v01@openssh.com',
    signature: 'ecdsa-sha2-nistp384',
  },
  'ecdsa-sha2-nistp521-cert-v01@openssh.com': {
    blobType: 'ecdsa-sha2-nistp521-cert-v01@openssh.com',
    signature: 'ecdsa-sha2-nistp521',
  },
  'rsa-sha2-512-cert-v01@openssh.com': {
    blobType: 'ssh-rsa-cert-v01@openssh.com',
    signature: 'rsa-sha2-512',
  },
  'rsa-sha2-256-cert-v01@openssh.com': {
    blobType: 'ssh-rsa-cert-v01@openssh.com',
    signature: 'rsa-sha2-256',
  },
  'ssh-rsa-cert-v01@openssh.com': { blobType: 'ssh-rsa-cert-v01@openssh.com', signature: 'ssh-rsa' },
};

const CERT_SUFFIX = '-cert-v01@openssh.com';

/** Certificate type of user certificates (2 is a host certificate). */
export const USER_CERTIFICATE = 1;

/** `valid_before` of a certificate that never expires. */
const FOREVER = 2n ** 64n - 1n;

/** The critical options understood here; a certificate with any other one is refused. */
const SOURCE_ADDRESS = 'source-address';

/** Whether a public key login names a certificate algorithm. */
export function isCertificateAlgorithm(algorithm: string): boolean {
  return algorithm.endsWith(CERT_SUFFIX);
}

/**
 * The algorithm of the signature a client makes with a certificate's key (`rsa-sha2-512` for
 * `rsa-sha2-512-cert-v01@openssh.com`), or undefined for an unknown certificate algorithm.
 */
export function certificateSignatureAlgorithm(algorithm: string): string | undefined {
  return CERT_ALGORITHMS[algorithm]?.signature;
}

/** A parsed OpenSSH certificate. */
export interface OpenSshCertificate {
  /** The type written in the blob (`ssh-ed25519-cert-v01@openssh.com`...). */
  readonly blobType: string;
  /** The certified key. */
  readonly publicKey: SshPublicKey;
  readonly serial: bigint;
  /** 1 for a user certificate, 2 for a host certificate. */
  readonly certType: number;
  readonly keyId: string;
  readonly principals: readonly string[];
  /** Seconds since the epoch. */
  readonly validAfter: bigint;
  /** Seconds since the epoch; 2^64 - 1 means forever. */
  readonly validBefore: bigint;
  readonly criticalOptions: ReadonlyMap<string, Buffer>;
  readonly extensions: ReadonlyMap<string, Buffer>;
  /** The CA's public key blob. */
  readonly signatureKey: Buffer;
  readonly signature: SshSignature;
  /** The bytes the CA signed: everything before the signature. */
  readonly signed: Buffer;
}

/**
 * Parses a certificate blob as sent in a public key login.
 * @throws {SshKeyError} `unsupported_key` for a certificate of another key type (DSA, security
 *   keys), `malformed` for anything that does not follow the layout.
 */
export function parseCertificate(blob: Buffer): OpenSshCertificate {
  const reader = new SshWireReader(blob);
  const blobType = reader.text('certificate type');
  if (!isCertificateAlgorithm(blobType))
    throw new SshKeyError('malformed', `${blobType} is not a certificate`);
  reader.bytes('nonce');
  const publicKey = readKeyFields(blobType.slice(0, -CERT_SUFFIX.length), reader);
  const cert = {
    blobType,
    publicKey,
    serial: reader.uint64('serial'),
    certType: reader.uint32('certificate type'),
    keyId: reader.text('key id'),
    principals: reader.textList('valid principals'),
    validAfter: reader.uint64('valid after'),
    validBefore: reader.uint64('valid before'),
    criticalOptions: reader.options('critical option'),
    extensions: reader.options('extension'),
  };
  reader.bytes('reserved');
  const signatureKey = reader.bytes('signature key');
  const signed = reader.since(0);
  const signature = parseSignature(reader.bytes('signature'));
  if (!reader.done) throw new SshKeyError('malformed', 'trailing bytes after the certificate');
  return { ...cert, signatureKey, signature, signed };
}

/** Whether the certificate blob may be used with the algorithm the client named. */
export function matchesAlgorithm(cert: OpenSshCertificate, algorithm: string): boolean {
  return CERT_ALGORITHMS[algorithm]?.blobType === cert.blobType;
}

/** What a certificate is checked against. */
export interface CertificateCheck {
  /** The login name: it must be one of the principals. */
  readonly username: string;
  /** The client's address, for the `source-address` critical option. */
  readonly ip: string;
  /** Seconds since the epoch. */
  readonly now: bigint;
  /** Whether a CA key blob is trusted to sign user certificates. */
  readonly isTrustedCA: (caKeyBlob: Buffer) => boolean;
  /** Whether the certified key's fingerprint (`SHA256:...`) is revoked. */
  readonly isRevoked: (fingerprint: string) => boolean;
}

/** The certified key's SHA256 fingerprint: what revocation lists name. */
export function certificateFingerprint(cert: OpenSshCertificate): string {
  return fingerprintSHA256(cert.publicKey.blob);
}

/** How a certificate is named in logs: key fingerprint, id, serial and CA fingerprint. */
export function describeCertificate(cert: OpenSshCertificate): string {
  return `${certificateFingerprint(cert)}: ID: ${cert.keyId}, serial: ${cert.serial}, CA ${fingerprintSHA256(cert.signatureKey)}`;
}

/**
 * Checks a user certificate for a login: a user certificate, signed by a trusted CA (a SHA-2
 * signature that verifies), with principals that include the login name (an empty list is refused),
 * not revoked, within its validity period, without critical options other than `source-address`,
 * and, when that option is present, from one of its addresses. The caller still has to verify the
 * client's signature with the certified key.
 * @throws {SshKeyError} whose reason says which check failed.
 */
export function checkUserCertificate(cert: OpenSshCertificate, check: CertificateCheck): void {
  const fingerprint = certificateFingerprint(cert);
  if (cert.certType !== USER_CERTIFICATE) {
    throw new SshKeyError('not_user_certificate', `certificate ${fingerprint} has type ${cert.certType}`);
  }
  if (!check.isTrustedCA(cert.signatureKey)) {
    throw new SshKeyError(
      'untrusted_ca',
      `certificate ${fingerprint} is signed by an unrecognized authority`,
    );
  }
  verifyCASignature(cert, fingerprint);
  if (cert.principals.length === 0) {
    throw new SshKeyError('no_principals', `certificate ${fingerprint} has no valid principals`);
  }
  if (check.isRevoked(fingerprint)) throw new SshKeyError('revoked', `certificate ${fingerprint} is revoked`);
  for (const name of cert.criticalOptions.keys()) {
    if (name !== SOURCE_ADDRESS) {
      throw new SshKeyError(
        'unknown_critical_option',
        `certificate ${fingerprint}: unsupported critical option "${name}"`,
      );
    }
  }
  if (!cert.principals.includes(check.username)) {
    throw new SshKeyError(
      'principal_mismatch',
      `certificate ${fingerprint}: principal "${check.username}" not in the certificate`,
    );
  }
  if (check.now < cert.validAfter) {
    throw new SshKeyError('not_yet_valid', `certificate ${fingerprint} is not valid yet`);
  }
  if (cert.validBefore !== FOREVER && check.now >= cert.validBefore) {
    throw new SshKeyError('expired', `certificate ${fingerprint} has expired`);
  }
  const sources = cert.criticalOptions.get(SOURCE_ADDRESS);
  if (sources !== undefined) checkSourceAddress(sources, check.ip, fingerprint);
}

function verifyCASignature(cert: OpenSshCertificate, fingerprint: string): void {
  let ca: SshPublicKey;
  try {
    ca = parsePublicKey(cert.signatureKey);
  } catch (err) {
    throw new SshKeyError('bad_ca_signature', `certificate ${fingerprint}: unusable CA key`, { cause: err });
  }
  // SHA-1 RSA signatures are forgeable in practice; OpenSSH refuses them for CAs too.
  if (cert.signature.algorithm === 'ssh-rsa' || !verifySignature(ca, cert.signed, cert.signature)) {
    throw new SshKeyError('bad_ca_signature', `certificate ${fingerprint}: the CA signature does not verify`);
  }
}

/** The `source-address` option holds a string: comma-separated addresses and CIDR networks. */
function checkSourceAddress(data: Buffer, ip: string, fingerprint: string): void {
  let list: string;
  try {
    const reader = new SshWireReader(data);
    list = reader.text('source-address');
  } catch (err) {
    throw new SshKeyError('malformed', `certificate ${fingerprint}: malformed source-address`, {
      cause: err,
    });
  }
  for (const entry of list.split(',')) {
    const address = entry.trim();
    const single = parseIP(address);
    if (single !== undefined) {
      if (sameAddress(single, ip)) return;
      continue;
    }
    let network: CIDR;
    try {
      network = parseCIDR(address);
    } catch (err) {
      throw new SshKeyError(
        'source_address',
        `certificate ${fingerprint}: invalid source-address "${address}"`,
        {
          cause: err,
        },
      );
    }
    if (cidrContains(network, ip)) return;
  }
  throw new SshKeyError('source_address', `certificate ${fingerprint}: source address ${ip} not allowed`);
}

function sameAddress(allowed: IPAddress, ip: string): boolean {
  const client = parseIP(ip);
  return (
    client !== undefined &&
    client.family === allowed.family &&
    client.bytes.every((v, i) => v === allowed.bytes[i])
  );
}
