/** TLS client certificates a user may authenticate with (`filters.tls_certs`). */
import { X509Certificate } from 'node:crypto';
import { ValidationError, itemField } from './validation-error.js';

const MIN_RSA_BITS = 2048;

/** Why a PEM certificate cannot be used, or `undefined` when it can (RSA keys need 2048 bits or more). */
export function tlsCertProblem(pem: string): string | undefined {
  if (!pem.includes('-----BEGIN')) return 'not a PEM encoded certificate';
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return 'the certificate cannot be parsed';
  }
  const key = cert.publicKey;
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (key.asymmetricKeyType === 'rsa' && bits !== undefined && bits < MIN_RSA_BITS) {
    return `RSA certificates must have at least ${MIN_RSA_BITS} bits, this one has ${bits}`;
  }
  return undefined;
}

/**
 * Checks certificates and drops empty entries.
 * @throws {ValidationError} naming the first unusable certificate (`filters.tls_certs[i]`).
 */
export function validateTLSCerts(certs: readonly string[], field: string): string[] {
  certs.forEach((cert, index) => {
    if (cert === '') return;
    const problem = tlsCertProblem(cert);
    if (problem !== undefined) throw new ValidationError(itemField(field, index), problem);
  });
  return certs.filter((cert) => cert !== '');
}
