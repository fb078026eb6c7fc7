/**
 * One SSH client, from its authentication to its close: the auth methods (password, public key or
 * OpenSSH user certificate with the signatures verified here, keyboard-interactive led by the hook or
 * asking the password and the TOTP passcode), the session after
 * login (its `Connection` in the registry) and the channel requests (the `sftp` subsystem handed to
 * the injected handler; exec and shell refused).
 */
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type {
  AuthContext,
  Connection as SshConnection,
  KeyboardAuthContext,
  PublicKeyAuthContext,
  ServerChannel,
  Session,
} from 'ssh2';
import ssh2 from 'ssh2';
import type { LoginContext, LoginFlow, PublicKeyLogin, SecondStepMethod } from '../common/auth/login-flow.js';
import type { ConnectionSettings } from '../common/connection/index.js';
import { Connection } from '../common/connection/index.js';
import type { FsActionsHandler } from '../common/actions/fs-action-event.js';
import type { ConnectionRegistry } from '../common/registry/index.js';
import type { DataProvider, User } from '../dataprovider/index.js';
import type { Logger } from '../logger/index.js';
import { signatureAlgorithm } from './algorithms.js';
import type { KeyboardInteractiveHook } from './auth/keyboard-interactive-hook.js';
import { keyboardInteractiveConversation } from './auth/keyboard-interactive.js';
import { describeCertificate, isCertificateAlgorithm } from './auth/openssh-certificate.js';
import type { OpenSshCertificate } from './auth/openssh-certificate.js';
import type { UserCertificates } from './auth/user-certificates.js';
import type { SshCommandHandler } from './commands/index.js';
import { errorMessage } from '../util/error-message.js';

// ssh2 is CommonJS: its named exports are read from the default export.
const { utils } = ssh2;

/** The SFTP protocol handler: serves one `sftp` subsystem channel; settles when the channel is done. */
export type SftpSubsystem = (channel: Duplex, connection: Connection) => Promise<void>;

/** What every client of a server shares. */
export interface SshClientShared {
  readonly loginFlow: LoginFlow;
  readonly registry: ConnectionRegistry;
  readonly provider: DataProvider;
  readonly actions: FsActionsHandler;
  readonly logger: Logger;
  readonly settings: ConnectionSettings;
  readonly sftpSubsystem: SftpSubsystem;
  /** Serves `exec` requests (SCP and SSH commands); without it they are refused. */
  readonly sshCommands?: SshCommandHandler;
  readonly passwordAuth: boolean;
  readonly keyboardInteractiveAuth: boolean;
  /** Failed authentication attempts allowed per client; `Infinity` for no limit. */
  readonly maxAuthTries: number;
  /** Signature algorithms accepted for public keys. */
  readonly publicKeyAlgorithms: ReadonlySet<string>;
  /** A client not logged in after this long is disconnected. */
  readonly loginTimeoutMs: number;
  /** Trusted CAs and revoked certificates; certificate logins are refused without. */
  readonly certificates?: UserCertificates;
  /** `sftpd.keyboard_interactive_auth_hook`; without it, the built-in questions are asked. */
  readonly keyboardInteractiveHook?: KeyboardInteractiveHook;
}

/** Where the client comes from. */
export interface SshClientPeer {
  readonly ip: string;
  /** `ip:port`. */
  readonly remoteAddress: string;
  /** Uncounts the client from the registry's connection limits; called once at close. */
  readonly release: () => void;
}

/** Sent on stderr for an exec request when no SSH command handler is configured. */
export const EXEC_REFUSED_MESSAGE = 'command not supported by this server; use the SFTP subsystem';

const ssh: LoginContext['protocol'] = 'SSH';

/** One authenticated or authenticating SSH client. */
export class SshClient {
  readonly #shared: SshClientShared;
  readonly #peer: SshClientPeer;
  readonly #client: SshConnection;
  readonly #connectedAt = Date.now();
  readonly #channels = new Set<ServerChannel>();
  /** Aborted when the client leaves: stops a keyboard-interactive hook still running. */
  readonly #gone = new AbortController();
  #failures = 0;
  #triedAuth = false;
  #user: User | undefined;
  /** A user whose key was accepted and who must now give a password. */
  #partial: PublicKeyLogin | undefined;
  #connection: Connection | undefined;
  #closed = false;
  #draining = false;
  readonly #closedPromise: Promise<void>;
  #logger: Logger;

  constructor(client: SshConnection, peer: SshClientPeer, shared: SshClientShared) {
    this.#client = client;
    this.#peer = peer;
    this.#shared = shared;
    this.#logger = shared.logger;
    client.on('authentication', (ctx) => {
      this.#authenticate(ctx).catch((err: unknown) => {
        this.#logger.error('sftpd', `authentication handler failed: ${String(err)}`);
        ctx.reject();
      });
    });
    // ssh2 has no login time limit: without one, idle unauthenticated sockets would pile up.
    const loginTimer = setTimeout(() => {
      this.#logger.debug('sftpd', `no login from ${peer.remoteAddress} within ${shared.loginTimeoutMs} ms`);
      this.end();
    }, shared.loginTimeoutMs);
    loginTimer.unref();
    client.on('ready', () => {
      clearTimeout(loginTimer);
      this.#onReady();
    });
    client.on('close', () => {
      clearTimeout(loginTimer);
      this.#gone.abort(new Error('client disconnected'));
    });
    client.on('session', (accept) => this.#onSession(accept()));
    client.on('error', (err) => {
      this.#logger.debug('sftpd', `client error from ${peer.remoteAddress}: ${err.message}`);
    });
    this.#closedPromise = new Promise((resolve) => {
      client.on('close', () => {
        this.#onClose();
        resolve();
      });
    });
  }

  /** Resolves once the client is gone. */
  get closed(): Promise<void> {
    return this.#closedPromise;
  }

  /** Whether a channel is open (work may be running). */
  get busy(): boolean {
    return this.#channels.size > 0;
  }

  /**
   * Disconnects the client once its open channels are closed (at once when there are none): a
   * graceful stop lets running transfers end.
   */
  drain(): void {
    this.#draining = true;
    if (!this.busy) this.end();
  }

  /** Disconnects the client. Never throws. */
  end(): void {
    try {
      this.#client.end();
    } catch {
      // already gone
    }
  }

  get #loginContext(): LoginContext {
    return { ip: this.#peer.ip, protocol: ssh };
  }

  #methodsLeft(): AuthContext['method'][] {
    const methods: AuthContext['method'][] = ['publickey'];
    if (this.#shared.passwordAuth) methods.push('password');
    if (this.#shared.keyboardInteractiveAuth) methods.push('keyboard-interactive');
    return methods;
  }

  async #authenticate(ctx: AuthContext): Promise<void> {
    if (ctx.method === 'none') {
      ctx.reject(this.#methodsLeft());
      return;
    }
    this.#triedAuth = true;
    if (this.#failures >= this.#shared.maxAuthTries) {
      // Requests already on the wire when the limit was reached: not checked, not logged.
      ctx.reject();
      return;
    }
    let user: User | undefined;
    switch (ctx.method) {
      case 'password':
        if (this.#partial) user = await this.#trySecondStep(ctx.password);
        else if (this.#shared.passwordAuth) user = await this.#tryPassword(ctx.username, ctx.password);
        break;
      case 'keyboard-interactive':
        if (this.#partial || this.#shared.keyboardInteractiveAuth)
          user = await this.#keyboardInteractive(ctx);
        break;
      case 'publickey':
        if (!ctx.signature) {
          // A query ("would this key do?"): answering yes for any usable key reveals nothing about
          // the user's keys; the signed attempt that follows gets the real checks.
          if (this.#usableKey(ctx)) ctx.accept();
          else ctx.reject(this.#methodsLeft());
          return;
        }
        if (this.#partial) break;
        {
          const login = await this.#tryPublicKey(ctx);
          if (login !== undefined && login.secondSteps.length > 0) {
            // Partial success (RFC 4252 §5.1): the key is right, a password must follow.
            this.#partial = login;
            ctx.reject(login.secondSteps.map(secondStepAuthMethod), true);
            return;
          }
          user = login?.user;
        }
        break;
      default:
        break;
    }
    if (user !== undefined) {
      this.#user = user;
      ctx.accept();
      return;
    }
    this.#failures += 1;
    ctx.reject(
      this.#partial ? this.#partial.secondSteps.map(secondStepAuthMethod) : this.#methodsLeft(),
      !!this.#partial,
    );
    if (this.#failures >= this.#shared.maxAuthTries) {
      this.#logger.debug('sftpd', `too many authentication failures from ${this.#peer.remoteAddress}`);
      this.end();
    }
  }

  async #tryPassword(username: string, password: string) {
    try {
      return await this.#shared.loginFlow.password(username, password, this.#loginContext);
    } catch {
      return undefined; // LoginFlow logged and reported it
    }
  }

  async #trySecondStep(password: string): Promise<User | undefined> {
    const partial = this.#partial;
    if (partial === undefined || !partial.secondSteps.includes('publickey+password')) return undefined;
    try {
      return await this.#shared.loginFlow.secondStep(partial.user, password, this.#loginContext);
    } catch {
      return undefined;
    }
  }

  /** Keyboard-interactive, alone or after a public key that asked for it. */
  async #keyboardInteractive(ctx: KeyboardAuthContext): Promise<User | undefined> {
    const partial = this.#partial;
    if (partial !== undefined && !partial.secondSteps.includes('publickey+keyboard-interactive')) {
      return undefined;
    }
    const converse = keyboardInteractiveConversation({
      ctx,
      hook: this.#shared.keyboardInteractiveHook,
      ip: this.#peer.ip,
      afterKey: partial !== undefined,
      signal: this.#gone.signal,
    });
    try {
      return await this.#shared.loginFlow.keyboardInteractive(
        ctx.username,
        this.#loginContext,
        converse,
        partial?.user,
      );
    } catch {
      return undefined; // LoginFlow logged and reported it
    }
  }

  #usableKey(ctx: PublicKeyAuthContext): boolean {
    const algorithm = signatureAlgorithm(ctx.key.algo, ctx.hashAlgo);
    if (!this.#shared.publicKeyAlgorithms.has(algorithm)) return false;
    if (isCertificateAlgorithm(ctx.key.algo)) {
      try {
        this.#shared.certificates?.parse(ctx.key.algo, ctx.key.data);
        return this.#shared.certificates !== undefined;
      } catch {
        return false;
      }
    }
    const parsed = utils.parseKey(ctx.key.data);
    return !(parsed instanceof Error) && !Array.isArray(parsed);
  }

  async #tryPublicKey(ctx: PublicKeyAuthContext): Promise<PublicKeyLogin | undefined> {
    const fail = (error: string): undefined => {
      this.#shared.loginFlow.reportFailure(ctx.username, 'publickey', this.#loginContext, error);
      return undefined;
    };
    const algorithm = signatureAlgorithm(ctx.key.algo, ctx.hashAlgo);
    if (!this.#shared.publicKeyAlgorithms.has(algorithm)) {
      return fail(`public key algorithm ${algorithm} is not allowed (sftpd.public_key_algorithms)`);
    }
    if (isCertificateAlgorithm(ctx.key.algo)) return this.#tryCertificate(ctx, fail);
    const parsed = utils.parseKey(ctx.key.data);
    if (parsed instanceof Error || Array.isArray(parsed))
      return fail(`unsupported public key ${ctx.key.algo}`);
    if (ctx.blob === undefined || ctx.signature === undefined) return fail('public key signature missing');
    // ssh2 leaves the signature check to the server.
    if (parsed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) {
      return fail('public key signature verification failed');
    }
    const authorizedKey = `${parsed.type} ${ctx.key.data.toString('base64')}`;
    try {
      return await this.#shared.loginFlow.publicKey(ctx.username, authorizedKey, this.#loginContext);
    } catch {
      return undefined;
    }
  }

  async #tryCertificate(
    ctx: PublicKeyAuthContext,
    fail: (error: string) => undefined,
  ): Promise<PublicKeyLogin | undefined> {
    const certificates = this.#shared.certificates;
    if (certificates === undefined) return fail('certificate signed by unrecognized authority');
    if (ctx.blob === undefined || ctx.signature === undefined) return fail('public key signature missing');
    let cert: OpenSshCertificate;
    try {
      cert = certificates.verify({
        algorithm: ctx.key.algo,
        blob: ctx.key.data,
        signedData: ctx.blob,
        signature: ctx.signature,
        username: ctx.username,
        ip: this.#peer.ip,
      });
    } catch (err) {
      return fail(errorMessage(err));
    }
    // As SFTPGo, hooks receive the certificate in authorized_keys form.
    const authorizedKey = `${cert.blobType} ${ctx.key.data.toString('base64')}`;
    try {
      const login = await this.#shared.loginFlow.publicKey(ctx.username, authorizedKey, this.#loginContext, {
        certificate: true,
      });
      this.#logger.debug(
        'sftpd',
        `user "${ctx.username}" authenticated with certificate ${describeCertificate(cert)}`,
      );
      return login;
    } catch {
      return undefined;
    }
  }

  #onReady(): void {
    const user = this.#user;
    if (user === undefined) {
      this.end();
      return;
    }
    const shared = this.#shared;
    const connection = new Connection({
      id: `SFTP_${randomBytes(12).toString('hex')}`,
      user,
      protocol: 'SFTP',
      remoteAddress: this.#peer.remoteAddress,
      remoteIp: this.#peer.ip,
      provider: shared.provider,
      actions: shared.actions,
      logger: shared.logger,
      settings: shared.settings,
    });
    this.#logger = shared.logger.child({
      connectionId: connection.id,
      protocol: 'SFTP',
      username: user.username,
    });
    try {
      shared.registry.add(connection, {
        maxSessions: user.max_sessions,
        isAccessAllowed: shared.loginFlow.sessionAllowed(user),
      });
    } catch (err) {
      this.#logger.info('sftpd', `session refused: ${errorMessage(err)}`);
      connection.close('session refused');
      this.end();
      return;
    }
    this.#connection = connection;
    connection.onClose(() => this.end());
    this.#logger.info('sftpd', `user "${user.username}" logged in from ${this.#peer.remoteAddress}`);
  }

  #onSession(session: Session): void {
    session.on('subsystem', (accept, reject, info) => {
      const connection = this.#connection;
      if (info.name !== 'sftp' || connection === undefined) {
        reject();
        return;
      }
      const channel = accept();
      this.#track(channel);
      // The SFTP session ends the channel itself once the client sent EOF: the exit status must go
      // first, or OpenSSH's `ssh` exits with 255 (and `scp`, which checks it, reports a failure).
      channel.once('end', () => sendExitStatus(channel, 0));
      this.#shared
        .sftpSubsystem(channel, connection)
        .catch((err: unknown) => {
          this.#logger.warn('sftpd', `sftp subsystem ended with an error: ${String(err)}`);
        })
        .finally(() => closeChannel(channel, 0));
    });
    session.on('exec', (accept, _reject, info) => {
      const channel = accept();
      this.#track(channel);
      const connection = this.#connection;
      const handler = this.#shared.sshCommands;
      if (connection === undefined || handler === undefined) {
        this.#logger.info('sftpd', `command refused: ${JSON.stringify(info.command)}`);
        channel.stderr.write(`${EXEC_REFUSED_MESSAGE}\n`);
        closeChannel(channel, 1);
        return;
      }
      handler(channel, info.command, connection)
        .catch((err: unknown) => {
          this.#logger.warn('sftpd', `command ended with an error: ${String(err)}`);
          return 1;
        })
        .then((status) => closeChannel(channel, status));
    });
    session.on('shell', (_accept, reject) => reject());
  }

  #track(channel: ServerChannel): void {
    this.#channels.add(channel);
    channel.on('close', () => {
      this.#channels.delete(channel);
      if (this.#draining && !this.busy) this.end();
    });
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#peer.release();
    const connection = this.#connection;
    const shared = this.#shared;
    if (connection !== undefined) {
      shared.registry.remove(connection.id);
      connection.close('client disconnected');
      shared.loginFlow.onDisconnect({
        ip: this.#peer.ip,
        protocol: 'SFTP',
        username: connection.username,
        connectedAt: this.#connectedAt,
      });
    } else if (!this.#triedAuth) {
      shared.loginFlow.noAuthTried(this.#loginContext, 'client disconnected before trying to authenticate');
    }
  }
}

/** The SSH method that carries a second step. */
function secondStepAuthMethod(method: SecondStepMethod): 'password' | 'keyboard-interactive' {
  return method === 'publickey+password' ? 'password' : 'keyboard-interactive';
}

/** Sends the exit status; nothing when the channel is gone. */
function sendExitStatus(channel: ServerChannel, status: number): void {
  try {
    channel.exit(status);
  } catch {
    // the client already closed it
  }
}

/** Sends the exit status and closes the channel, so that the client does not wait forever. */
function closeChannel(channel: ServerChannel, status: number): void {
  try {
    channel.exit(status);
    channel.end();
    // ssh2 reports the channel closed only once its readable side ended: drop what is left unread.
    channel.resume();
  } catch {
    // the client already closed it
  }
}
