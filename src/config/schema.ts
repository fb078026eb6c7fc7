import { acmeSection } from './sections/acme.js';
import { commandSection } from './sections/command.js';
import { commonSection } from './sections/common.js';
import { dataProviderSection } from './sections/data-provider.js';
import { ftpdSection } from './sections/ftpd.js';
import { httpSection } from './sections/http.js';
import { httpdSection } from './sections/httpd.js';
import { kmsSection } from './sections/kms.js';
import { mfaSection } from './sections/mfa.js';
import { pluginsSection } from './sections/plugins.js';
import { sftpdSection } from './sections/sftpd.js';
import { smtpSection } from './sections/smtp.js';
import { telemetrySection } from './sections/telemetry.js';
import { webdavdSection } from './sections/webdavd.js';
import { obj } from './schema/nodes.js';
import type { Infer } from './schema/nodes.js';

/** The whole configuration schema, sections in the order of SFTPGo's `sftpgo.json`. */
export const configSchema = obj({
  common: commonSection,
  acme: acmeSection,
  sftpd: sftpdSection,
  ftpd: ftpdSection,
  webdavd: webdavdSection,
  data_provider: dataProviderSection,
  httpd: httpdSection,
  telemetry: telemetrySection,
  http: httpSection,
  command: commandSection,
  kms: kmsSection,
  mfa: mfaSection,
  smtp: smtpSection,
  plugins: pluginsSection,
});

/**
 * The effective configuration: every section and key of SFTPGo 2.x's `sftpgo.json`, with the
 * same snake_case names. Keys documented as "(path)" hold files or directories; after
 * `loadConfig` relative values have been joined to the config dir.
 */
export type SftpGoConfig = Infer<typeof configSchema>;

export type CommonConfig = SftpGoConfig['common'];
export type RateLimiterConfig = CommonConfig['rate_limiters'][number];
export type AcmeConfig = SftpGoConfig['acme'];
export type SftpdConfig = SftpGoConfig['sftpd'];
export type SftpdBinding = SftpdConfig['bindings'][number];
export type FtpdConfig = SftpGoConfig['ftpd'];
export type FtpdBinding = FtpdConfig['bindings'][number];
export type WebdavdConfig = SftpGoConfig['webdavd'];
export type WebdavdBinding = WebdavdConfig['bindings'][number];
export type DataProviderConfig = SftpGoConfig['data_provider'];
export type HttpdConfig = SftpGoConfig['httpd'];
export type HttpdBinding = HttpdConfig['bindings'][number];
export type TelemetryConfig = SftpGoConfig['telemetry'];
/** The `http` section (HTTP client for hooks). */
export type HttpClientConfig = SftpGoConfig['http'];
export type CommandConfig = SftpGoConfig['command'];
export type KmsConfig = SftpGoConfig['kms'];
export type MfaConfig = SftpGoConfig['mfa'];
export type TotpConfig = MfaConfig['totp'][number];
export type SmtpConfig = SftpGoConfig['smtp'];
export type PluginConfig = SftpGoConfig['plugins'][number];
