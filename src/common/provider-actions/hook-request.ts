import type { ProviderEvent } from '../../dataprovider/index.js';

/** Nanoseconds since the epoch, as a decimal string: SFTPGo sends this unit in the HTTP query string. */
function nanoseconds(ms: number): string {
  return (BigInt(Math.trunc(ms)) * 1_000_000n).toString();
}

/**
 * The URL an HTTP provider hook is called at: the hook with `action`, `username` (the executor), `ip`,
 * `object_type`, `object_name`, `timestamp` (nanoseconds since the epoch) and, when not empty, `role` added
 * to its query string. Parameters are sorted by name, the hook's own ones included, as SFTPGo writes them.
 * @throws TypeError when the hook is not a valid URL.
 */
export function providerHookUrl(hook: string, event: ProviderEvent): string {
  const url = new URL(hook);
  const query = url.searchParams;
  query.append('action', event.action);
  query.append('username', event.executor);
  query.append('ip', event.ip);
  query.append('object_type', event.objectType);
  query.append('object_name', event.objectName);
  if (event.role !== '') query.append('role', event.role);
  query.append('timestamp', nanoseconds(event.timestamp));
  query.sort();
  return url.toString();
}

/**
 * The environment of a provider hook program: the `SFTPGO_PROVIDER_*` variables, the timestamp in
 * milliseconds since the epoch (what SFTPGo's programs receive) and the object as JSON.
 */
export function providerHookEnv(event: ProviderEvent, objectJson: string): Record<string, string> {
  return {
    SFTPGO_PROVIDER_ACTION: event.action,
    SFTPGO_PROVIDER_OBJECT_TYPE: event.objectType,
    SFTPGO_PROVIDER_OBJECT_NAME: event.objectName,
    SFTPGO_PROVIDER_USERNAME: event.executor,
    SFTPGO_PROVIDER_IP: event.ip,
    SFTPGO_PROVIDER_ROLE: event.role,
    SFTPGO_PROVIDER_TIMESTAMP: String(Math.trunc(event.timestamp)),
    SFTPGO_PROVIDER_OBJECT: objectJson,
  };
}
