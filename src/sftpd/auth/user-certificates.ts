/**
 * Certificate logins: the trusted CAs and the revocation list of the `sftpd` section, and the checks
 * of one login attempt (certificate, then the client's signature with the certified key).
 */
import type { SftpdConfig } from '../../config/index.js';
import { resolveConfigPath } from '../../config/index.js';
import { SshKeyError } from './errors.js';
import type { OpenSshCertificate } from './openssh-certificate.js';
import {
  certificateSignatureAlgorithm,
  checkUserCertificate,
  matchesAlgorithm,
  parseCertificate,
} from './openssh-certificate.js';
import { RevokedUserCerts } from './revoked-certs.js';
import { parseSignature, verifySignature } from './ssh-public-key.js';
import { TrustedUserCAs } from './trusted-cas.js';

/** One signed certificate login request, as the SSH transport hands it over. */
export interface CertificateLogin {
  /** The algorithm the client named (`ssh-ed25519-cert-v01@openssh.com`...). */
  readonly algorithm: string;
  readonly blob: Buffer;
  /** The data the client signed (session id and request). */
  readonly signedData: Buffer;
  /** The client's signature blob (`string algorithm`, `string signature`). */
  readonly signature: Buffer;
  readonly username: string;
  readonly ip: string;
}

/** The certificate settings of the server. */
export class UserCertificates {
  readonly #cas: TrustedUserCAs;
  readonly #revoked: RevokedUserCerts;
  readonly #now: () => number;

  constructor(cas: TrustedUserCAs, revoked: RevokedUserCerts, now: () => number = Date.now) {
    this.#cas = cas;
    this.#revoked = revoked;
    this.#now = now;
  }

  /**
   * Loads `trusted_user_ca_keys` and `revoked_user_certs_file` (paths relative to `configDir`).
   * @throws {SshAuthConfigError} when a file cannot be used.
   */
  static async fromConfig(
    sftpd: Pick<SftpdConfig, 'trusted_user_ca_keys' | 'revoked_user_certs_file'>,
    configDir: string,
  ): Promise<UserCertificates> {
    const cas = await TrustedUserCAs.load(sftpd.trusted_user_ca_keys, configDir);
    const revoked = new RevokedUserCerts(resolveConfigPath(configDir, sftpd.revoked_user_certs_file));
    await revoked.load();
    return new UserCertificates(cas, revoked);
  }

  /** Re-reads the revocation list (SIGHUP). @throws {SshAuthConfigError} as {@link RevokedUserCerts.load}. */
  reloadRevoked(): Promise<void> {
    return this.#revoked.load();
  }

  /**
   * Parses a certificate offered for `algorithm`.
   * @throws {SshKeyError} when it is malformed or of another type than the algorithm says.
   */
  parse(algorithm: string, blob: Buffer): OpenSshCertificate {
    const cert = parseCertificate(blob);
    if (!matchesAlgorithm(cert, algorithm)) {
      throw new SshKeyError('malformed', `a ${cert.blobType} certificate offered as ${algorithm}`);
    }
    return cert;
  }

  /**
   * Checks a signed certificate login: the certificate (see {@link checkUserCertificate}), then the
   * client's signature, made with the certified key and the algorithm it named.
   * @returns the certificate.
   * @throws {SshKeyError} saying which check failed.
   */
  verify(login: CertificateLogin): OpenSshCertificate {
    const cert = this.parse(login.algorithm, login.blob);
    checkUserCertificate(cert, {
      username: login.username,
      ip: login.ip,
      now: BigInt(Math.floor(this.#now() / 1000)),
      isTrustedCA: (blob) => this.#cas.has(blob),
      isRevoked: (fingerprint) => this.#revoked.isRevoked(fingerprint),
    });
    const signature = parseSignature(login.signature);
    if (
      signature.algorithm !== certificateSignatureAlgorithm(login.algorithm) ||
      !verifySignature(cert.publicKey, login.signedData, signature)
    ) {
      throw new SshKeyError('bad_signature', 'public key signature verification failed');
    }
    return cert;
  }
}
