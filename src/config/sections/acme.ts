import { int, obj, oneOf, pathStr, port, str, strList } from '../schema/nodes.js';

/** The `acme` section: automatic certificates from Let's Encrypt or another ACME CA. */
export const acmeSection = obj({
  /** Empty disables ACME. One entry may hold several names separated by commas or spaces. */
  domains: strList(),
  email: str(),
  key_type: oneOf(['2048', '3072', '4096', '8192', 'P256', 'P384'], '4096'),
  /** Directory for certificates and account data (path). */
  certs_path: pathStr('certs'),
  ca_endpoint: str('https://acme-v02.api.letsencrypt.org/directory'),
  /** Renew when the certificate expires in fewer days than this. */
  renew_days: int(30, { min: 1 }),
  http01_challenge: obj({
    port: port(80),
    /** Header holding the host name behind a reverse proxy; empty means `Host`. */
    proxy_header: str(),
    /** Served web root to use instead of the built-in challenge server (path). */
    webroot: pathStr(),
  }),
  tls_alpn01_challenge: obj({
    /** 0 disables the TLS-ALPN-01 challenge. */
    port: port(0),
  }),
});
