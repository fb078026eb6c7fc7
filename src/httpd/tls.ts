/**
 * The TLS settings of an httpd binding: certificate pair (the binding's or the section's), minimum
 * version, and client certificates verified against `ca_certificates` and `ca_revocation_lists`
 * when `client_auth_type` is 1. Everything is read from files so SIGHUP can re-read it.
 */
import { readFile } from 'node:fs/promises';
import type { SecureContextOptions } from 'node:tls';
import type { SftpGoConfig } from '../config/index.js';
import { resolveConfigPath } from '../config/index.js';

type HttpdConfig = SftpGoConfig['httpd'];
type HttpdBinding = HttpdConfig['bindings'][number];

const TLS_VERSIONS = { 10: 'TLSv1', 11: 'TLSv1.1', 12: 'TLSv1.2', 13: 'TLSv1.3' } as const;

/** The files and options of one HTTPS binding. */
export interface BindingTls {
  readonly cert: string;
  readonly key: string;
  readonly caFiles: readonly string[];
  readonly crlFiles: readonly string[];
  readonly requireClientCert: boolean;
  readonly minVersion: (typeof TLS_VERSIONS)[keyof typeof TLS_VERSIONS];
}

/**
 * The TLS settings of a binding; undefined for plain HTTP.
 * @throws Error when HTTPS is enabled without a certificate, or client certificates are required
 *   without a CA to verify them.
 */
export function bindingTls(
  binding: HttpdBinding,
  httpd: HttpdConfig,
  configDir: string,
): BindingTls | undefined {
  if (!binding.enable_https) return undefined;
  const cert = binding.certificate_file || httpd.certificate_file;
  const key = binding.certificate_key_file || httpd.certificate_key_file;
  const where = `httpd binding ${binding.address}:${binding.port}`;
  if (!cert || !key) throw new Error(`${where} enables HTTPS but has no certificate`);
  const requireClientCert = binding.client_auth_type === 1;
  if (requireClientCert && httpd.ca_certificates.length === 0) {
    throw new Error(`${where} requires client certificates but httpd.ca_certificates is empty`);
  }
  return {
    cert: resolveConfigPath(configDir, cert),
    key: resolveConfigPath(configDir, key),
    caFiles: httpd.ca_certificates.map((f) => resolveConfigPath(configDir, f)),
    crlFiles: httpd.ca_revocation_lists.map((f) => resolveConfigPath(configDir, f)),
    requireClientCert,
    minVersion: TLS_VERSIONS[binding.min_tls_version as keyof typeof TLS_VERSIONS] ?? 'TLSv1.2',
  };
}

/** Reads the files into the options of a secure context (at start and on SIGHUP). */
export async function readSecureContext(tls: BindingTls): Promise<SecureContextOptions> {
  const [cert, key, ca, crl] = await Promise.all([
    readFile(tls.cert),
    readFile(tls.key),
    Promise.all(tls.caFiles.map((f) => readFile(f))),
    Promise.all(tls.crlFiles.map((f) => readFile(f))),
  ]);
  return {
    cert,
    key,
    minVersion: tls.minVersion,
    ...(ca.length > 0 ? { ca } : {}),
    ...(crl.length > 0 ? { crl } : {}),
  };
}

/** The https server options: the context plus client certificate checking. */
export async function httpsOptions(
  tls: BindingTls,
): Promise<SecureContextOptions & { requestCert: boolean; rejectUnauthorized: boolean }> {
  return {
    ...(await readSecureContext(tls)),
    requestCert: tls.requireClientCert,
    rejectUnauthorized: tls.requireClientCert,
  };
}
