// Shared by the SSH server tests: a real server on 127.0.0.1 with a memory data provider, the real
// logger writing to a file, a real ssh2 client, and a tiny injected SFTP handler that proves the
// subsystem hand-off (it writes a marker with the user's name and ends).
import type { TestContext } from 'node:test';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client as SshClientType, ClientChannel, ConnectConfig } from 'ssh2';
import type { CommonConfig, SftpGoConfig, SftpdConfig } from '../../src/config/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { LoginFlow, loginHooksFromConfig } from '../../src/common/auth/login-flow.js';
import { PasscodeVerifier } from '../../src/common/auth/passcodes.js';
import { HttpClient } from '../../src/common/hooks/http-client.js';
import type { ConnectionGuards } from '../../src/common/guards/index.js';
import type { Connection } from '../../src/common/connection/index.js';
import { ConnectionRegistry } from '../../src/common/registry/index.js';
import type { RegistryOptions } from '../../src/common/registry/index.js';
import type { DataProvider, User } from '../../src/dataprovider/index.js';
import { openDataProvider } from '../../src/dataprovider/index.js';
import type { Logger } from '../../src/logger/index.js';
import { SftpServer, generateKeyPair } from '../../src/sftpd/index.js';
import { KeyboardInteractiveHook } from '../../src/sftpd/auth/keyboard-interactive-hook.js';
import type { SftpSubsystem } from '../../src/sftpd/index.js';
import { fileLogger, httpConfig } from '../helpers/hooks.js';
import type { LogRecord } from '../helpers/hooks.js';
import { tempDir } from '../helpers/tmp.js';
import { freePort } from '../helpers/free-port.js';

// ssh2 is CommonJS: its named exports are read from the default export.
const { Client } = ssh2;

export const ctx = { executor: 'test', ip: '127.0.0.1' };

/** A port that was free a moment ago (port 0 disables an sftpd binding, so tests pick one). */
export { freePort };

/** The marker the test SFTP handler writes. */
export function marker(username: string): string {
  return `sftp-handler:${username}\n`;
}

/** The injected handler: writes the marker and returns, so the server closes the channel. */
export const markerSubsystem: SftpSubsystem = async (channel: Duplex, connection: Connection) => {
  await new Promise<void>((resolve) => channel.write(marker(connection.username), () => resolve()));
};

export interface SshHarness {
  readonly dir: string;
  readonly provider: DataProvider;
  readonly logger: Logger;
  readonly registry: ConnectionRegistry;
  readonly server: SftpServer;
  readonly port: number;
  user(input: Record<string, unknown>): Promise<User>;
  records(): Promise<LogRecord[]>;
  text(): Promise<string>;
  failures(): Promise<LogRecord[]>;
}

export interface HarnessOptions {
  readonly sftpd?: Partial<SftpdConfig>;
  readonly common?: Partial<CommonConfig>;
  readonly registry?: RegistryOptions;
  readonly sftpSubsystem?: SftpSubsystem;
  readonly loginTimeoutMs?: number;
  /** Reuse this directory as the config dir (host key reuse across restarts). */
  readonly dir?: string;
  /** Time limit of a keyboard-interactive hook exchange. */
  readonly keyboardInteractiveTimeoutMs?: number;
  /** The `command` section (hook programs' time limit). */
  readonly command?: Partial<SftpGoConfig['command']>;
  /** The binding's `apply_proxy_config`; default false. */
  readonly applyProxyConfig?: boolean;
  readonly proxyHeaderTimeoutMs?: number;
  /** Builds the connection guards (defender, allow list, rate limits) once the provider is open. */
  readonly guards?: (provider: DataProvider, logger: Logger) => ConnectionGuards;
}

/** An ed25519 host key written in `dir`, so most tests skip generating the RSA default. */
export async function writeHostKey(dir: string): Promise<string> {
  const path = join(dir, 'host_ed25519');
  await writeFile(path, (await generateKeyPair('ed25519')).privateKey, { mode: 0o600 });
  return path;
}

/** Starts a server; everything is stopped and removed when the test ends. */
export async function startServer(t: TestContext, options: HarnessOptions = {}): Promise<SshHarness> {
  const dir = options.dir ?? (await tempDir(t, 'sftpgo-sftpd-'));
  const { logger, records, text } = fileLogger(t, dir);
  const defaults = defaultConfig();
  const provider = await openDataProvider({
    config: {
      ...defaults.data_provider,
      driver: 'memory',
      name: '',
      password_hashing: {
        ...defaults.data_provider.password_hashing,
        argon2_options: { memory: 64, iterations: 1, parallelism: 1 },
      },
    },
    configDir: dir,
    logger,
  });
  const common = { ...defaults.common, ...options.common };
  const registry = new ConnectionRegistry(common, { logger, ...options.registry });
  const port = await freePort();
  const hostKeys = options.sftpd?.host_keys ?? [await writeHostKey(dir)];
  const sftpd: SftpdConfig = {
    ...defaults.sftpd,
    ...options.sftpd,
    bindings: [{ address: '127.0.0.1', port, apply_proxy_config: options.applyProxyConfig ?? false }],
    host_keys: hostKeys,
  };
  const config = {
    ...defaults,
    common,
    http: { ...defaults.http, ...httpConfig },
    command: { ...defaults.command, ...options.command },
  };
  const http = new HttpClient(config.http);
  const loginFlow = new LoginFlow({
    users: provider.users,
    registry,
    hooks: loginHooksFromConfig({ config, http, logger, users: provider.users }),
    logger,
    passcodes: new PasscodeVerifier(config.mfa),
    ...(options.guards ? { guards: options.guards(provider, logger) } : {}),
  });
  const server = new SftpServer({
    sftpd,
    common,
    configDir: dir,
    provider,
    actions: { handles: () => false, run: async () => undefined },
    logger,
    registry,
    loginFlow,
    sftpSubsystem: options.sftpSubsystem ?? markerSubsystem,
    keyboardInteractiveHook: new KeyboardInteractiveHook({
      hook: sftpd.keyboard_interactive_auth_hook,
      commands: config.command,
      http,
      ...(options.keyboardInteractiveTimeoutMs === undefined
        ? {}
        : { timeoutMs: options.keyboardInteractiveTimeoutMs }),
    }),
    ...(options.loginTimeoutMs === undefined ? {} : { loginTimeoutMs: options.loginTimeoutMs }),
    ...(options.proxyHeaderTimeoutMs === undefined
      ? {}
      : { proxyHeaderTimeoutMs: options.proxyHeaderTimeoutMs }),
  });
  await server.start();
  t.after(async () => {
    await server.stop({ graceMs: 0 });
    registry.stop();
    await provider.close();
  });
  return {
    dir,
    provider,
    logger,
    registry,
    server,
    port,
    user: (input) =>
      provider.users.add(
        {
          username: 'alice',
          password: 'secret-password',
          home_dir: join(dir, 'home'),
          permissions: { '/': ['*'] },
          status: 1,
          ...input,
        },
        ctx,
      ),
    records,
    text,
    failures: async () => (await records()).filter((r) => r.sender === 'connection_failed'),
  };
}

/** A connected (authenticated) ssh2 client; rejects with the client's error. */
export function connect(t: TestContext, port: number, config: ConnectConfig): Promise<SshClientType> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    t.after(() => client.end());
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.connect({ host: '127.0.0.1', port, readyTimeout: 10_000, ...config });
  });
}

/** Collects a channel's stdout, stderr and exit code until it closes. */
export function drain(
  channel: ClientChannel,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let code: number | null = null;
    channel.on('data', (d: Buffer) => (stdout += d.toString()));
    channel.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    channel.on('exit', (c: number | null) => (code = c));
    channel.on('close', () => resolve({ stdout, stderr, code }));
  });
}

/** Opens the `sftp` subsystem and returns what the server sent until it closed the channel. */
export function sftpSubsystem(client: SshClientType) {
  return new Promise<ReturnType<typeof drain>>((resolve, reject) => {
    client.subsys('sftp', (err, channel) => (err ? reject(err) : resolve(drain(channel))));
  });
}

/** Resolves when the client's connection closes. */
export function closed(client: SshClientType): Promise<void> {
  return new Promise((resolve) => client.once('close', () => resolve()));
}
