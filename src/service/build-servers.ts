import { HttpServer } from '../httpd/http-server.js';
import type { ManagedServer } from '../common/managed-server.js';
import type { Runtime } from './runtime.js';

/**
 * The servers the configuration enables, in start order. A section whose bindings all have port 0 is
 * disabled and left out.
 * @throws Error when a section's settings cannot make a server (e.g. HTTPS without a certificate).
 */
export function buildServers({ loaded, logger }: Runtime): ManagedServer[] {
  const servers: ManagedServer[] = [];
  const httpd = new HttpServer(loaded.config.httpd, loaded.configDir, logger);
  if (httpd.enabled) servers.push(httpd);
  return servers;
}
