/** What `/status` of the REST API reports about the other services, from the config and the live servers. */
import type { SftpGoConfig } from '../config/index.js';
import type { ManagedServer } from '../common/managed-server.js';

/** `host:port` (IPv6 in brackets) into SFTPGo's binding fields. */
function bindingOf(address: string): { address: string; port: number } {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  return { address: host, port: Number(address.slice(colon + 1)) };
}

function serviceStatus(server: ManagedServer | undefined): { is_active: boolean; bindings: object[] | null } {
  const addresses = server?.addresses() ?? [];
  return {
    is_active: addresses.length > 0,
    bindings: addresses.length > 0 ? addresses.map(bindingOf) : null,
  };
}

/** The status source for the REST API, reading the servers when asked. */
export function servicesStatus(config: SftpGoConfig, servers: () => readonly ManagedServer[]) {
  return async (): Promise<Record<string, unknown>> => {
    const byName = new Map(servers().map((s) => [s.name, s]));
    const limiters = config.common.rate_limiters.filter((r) => r.average > 0);
    return {
      ssh: serviceStatus(byName.get('sftpd')),
      ftp: serviceStatus(byName.get('ftpd')),
      webdav: serviceStatus(byName.get('webdavd')),
      defender: { is_active: config.common.defender.enabled },
      mfa: { is_active: config.mfa.totp.length > 0, totp_configs: config.mfa.totp },
      allow_list: { is_active: false },
      rate_limiters: {
        is_active: limiters.length > 0,
        protocols: [...new Set(limiters.flatMap((r) => r.protocols))],
      },
    };
  };
}
