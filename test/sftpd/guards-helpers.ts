// Shared by the connection guards end-to-end tests: raw sockets that send a PROXY protocol header
// before the SSH handshake, and an ssh2 client run over such a socket.
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import type { Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { Client as SshClientType, ConnectConfig } from 'ssh2';
import { connectionGuardsFromConfig } from '../../src/common/guards/index.js';
import type { ConnectionGuards, IPListMatcher } from '../../src/common/guards/index.js';
import type { CommonConfig } from '../../src/config/index.js';
import { defaultConfig } from '../../src/config/index.js';
import type { DataProvider } from '../../src/dataprovider/index.js';
import type { Logger } from '../../src/logger/index.js';
import { startServer } from './harness.js';
import type { SshHarness } from './harness.js';

const { Client } = ssh2;

/** A connected socket that has sent `header` (if any) and nothing else yet. */
export function rawSocket(t: TestContext, port: number, header?: Buffer): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      if (header !== undefined) socket.write(header);
      resolve(socket);
    });
    socket.once('error', reject);
    t.after(() => socket.destroy());
  });
}

/** Logs in with an ssh2 client over the socket; rejects with the client's error. */
export function sshOver(t: TestContext, sock: Socket, config: ConnectConfig): Promise<SshClientType> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    t.after(() => client.end());
    // ssh2 does not apply readyTimeout to a socket it was given.
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('no SSH session within 5 s'));
    }, 5000);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve(client);
    });
    client.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    client.connect({ sock, ...config });
  });
}

/** Whether a password login over a socket that sent `header` succeeds. */
export async function loginOver(
  t: TestContext,
  port: number,
  header: Buffer | undefined,
  password: string,
  username = 'alice',
): Promise<boolean> {
  const sock = await rawSocket(t, port, header);
  try {
    const client = await sshOver(t, sock, { username, password });
    client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the server takes the connection: it sends its SSH identification when it does, and
 * closes the socket without a byte when a guard refuses it.
 */
export function probe(port: number, header?: Buffer): Promise<'accepted' | 'refused'> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1', () => {
      if (header !== undefined) socket.write(header);
      // Our own identification, so a server waiting on the client sees a real SSH client.
      socket.write('SSH-2.0-probe\r\n');
    });
    socket.setNoDelay(true);
    let done = false;
    const finish = (outcome: 'accepted' | 'refused'): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(outcome);
    };
    socket.once('data', () => finish('accepted'));
    socket.once('close', () => finish('refused'));
    socket.once('error', () => finish('refused'));
  });
}

/**
 * A server behind the PROXY protocol (mode 1, loopback allowed, no per-host connection cap unless
 * `common` sets one) with guards built from `common`, and a user alice.
 */
export async function guardedServer(
  t: TestContext,
  common: Partial<CommonConfig>,
  ipLists?: IPListMatcher,
): Promise<SshHarness & { readonly guards: () => ConnectionGuards }> {
  let guards: ConnectionGuards | undefined;
  const settings: Partial<CommonConfig> = {
    proxy_protocol: 1,
    proxy_allowed: ['127.0.0.1'],
    max_per_host_connections: 0,
    ...common,
  };
  const build = guardsFrom(settings, ipLists);
  const h = await startServer(t, {
    applyProxyConfig: true,
    common: settings,
    guards: (provider, logger) => (guards = build(provider, logger)),
  });
  await h.user({});
  return {
    ...h,
    guards: () => {
      assert.ok(guards);
      return guards;
    },
  };
}

/** Guards from a `common` section built on the harness's provider. */
export function guardsFrom(
  common: Partial<CommonConfig>,
  ipLists?: IPListMatcher,
): (provider: DataProvider, logger: Logger) => ConnectionGuards {
  return (provider, logger) =>
    connectionGuardsFromConfig(
      { ...defaultConfig().common, ...common },
      { defenderStore: provider.defender, logger, ...(ipLists ? { ipLists } : {}) },
    );
}
