/**
 * The system commands (`git-receive-pack`, `git-upload-pack`, `git-upload-archive`, `rsync`): child
 * processes working directly on the user's local storage, allowed by `Connection.openSystemCommand`
 * (local storage, no virtual folders or file patterns around the path, the permissions, room in the
 * quotas). The bytes the client sends are counted against what the disk and data transfer quotas
 * left at the start, the bytes sent back against the data transfer quota; the usage under the path
 * is measured again when the command ends. The program runs in its own process group, stopped as a
 * whole when the channel or the session closes or a quota is reached.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { posix } from 'node:path';
import { QuotaExceededError } from '../../common/connection/index.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { CommandFailure } from './command-context.js';
import { writeText } from './exec-channel.js';
import { planSystemCommand } from './system-command-args.js';

/** Time a program has to exit after SIGTERM before it is killed. */
const KILL_GRACE_MS = 2000;

export async function runSystemCommand(ctx: CommandContext): Promise<CommandOutcome> {
  const { connection, channel } = ctx;
  const plan = planSystemCommand(ctx.name, ctx.args);
  const path = posix.resolve('/', plan.path);
  const scope = await connection.openSystemCommand(path);
  const args = [...plan.args];
  if (plan.program === 'rsync') {
    // rsync may create symbolic links whatever we do: keep them inside the tree, or make them unusable.
    const guard = scope.maySymlink ? '--safe-links' : '--munge-links';
    if (!args.includes(guard)) args.unshift(guard);
  }
  const trailingSlash = plan.path.endsWith('/') && !scope.hostPath.endsWith('/') ? '/' : '';
  args.push(scope.hostPath + trailingSlash);
  ctx.logger.debug('SSH', `running ${plan.program} ${args.join(' ')}`);
  const user = connection.user;
  const asUser = process.getuid?.() === 0 && user.uid > 0 && user.gid > 0;
  let child: ChildProcess;
  try {
    child = spawn(plan.program, args, {
      cwd: scope.rootHostPath,
      env: {
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        HOME: process.env.HOME ?? '/',
        LANG: 'C',
        // The user's files must not configure git: no global or system configuration is read.
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_NOSYSTEM: '1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so that a stop reaches the helpers it forks (rsync's receiver, git's
      // pack-objects) and none outlives it.
      detached: true,
      ...(asUser ? { uid: user.uid, gid: user.gid } : {}),
    });
  } catch (err) {
    throw new CommandFailure(`cannot run ${plan.program}`, { cause: err, path });
  }
  let quotaError: QuotaExceededError | undefined;
  // Closed: the program has exited and no helper holds its output open any more.
  let closed = false;
  child.once('close', () => (closed = true));
  // SIGTERM first, so that rsync removes its temporary file; SIGKILL for a group that lingers.
  const kill = () => {
    if (closed) return;
    signalGroup(child, 'SIGTERM');
    setTimeout(() => {
      if (!closed) signalGroup(child, 'SIGKILL');
    }, KILL_GRACE_MS).unref();
  };
  channel.once('close', kill);
  connection.onClose(kill);
  const overQuota = (what: string) => {
    if (quotaError !== undefined) return;
    quotaError = new QuotaExceededError(`${ctx.name}: ${what}`, { virtualPath: path });
    void writeText(channel.stderr, `${ctx.name}: ${path}: quota exceeded\n`);
    // Nothing the stopping program says reaches the client: rsync's client quits on its server's
    // last message, before the server's receiver has removed its temporary file. The client now
    // learns of the end when the channel closes, once every process of the group is gone.
    for (const [from, to] of [
      [child.stdout, channel],
      [child.stderr, channel.stderr],
    ] as const) {
      from?.unpipe(to);
      from?.resume();
    }
    kill();
  };
  let received = 0;
  let sent = 0;
  channel.on('data', (chunk: Buffer) => {
    received += chunk.length;
    scope.touch();
    if (scope.uploadLimit >= 0 && received > scope.uploadLimit) {
      overQuota(`the client sent more than the ${scope.uploadLimit} bytes the quota allows`);
      return;
    }
    if (child.stdin?.write(chunk) === false) {
      channel.pause();
      child.stdin.once('drain', () => channel.resume());
    }
  });
  channel.on('end', () => child.stdin?.end());
  child.stdin?.on('error', () => undefined);
  child.stdout?.on('data', (chunk: Buffer) => {
    sent += chunk.length;
    scope.touch();
    if (scope.downloadLimit >= 0 && sent > scope.downloadLimit) {
      overQuota(`more than the ${scope.downloadLimit} bytes the data transfer quota allows were sent`);
    }
  });
  child.stdout?.pipe(channel, { end: false });
  child.stderr?.pipe(channel.stderr, { end: false });
  const status = await new Promise<number>((resolve) => {
    child.once('error', (err) => {
      ctx.logger.warn('SSH', `${plan.program} failed to start: ${err.message}`);
      resolve(127);
    });
    child.once('close', (code, signal) =>
      resolve(code ?? (signal === null ? 1 : 128 + signalNumber(signal))),
    );
  });
  channel.off('close', kill);
  await scope.end({ received, sent }).catch((err: unknown) => {
    ctx.logger.warn('SSH', `cannot update the quota after ${ctx.name}: ${String(err)}`);
  });
  if (quotaError !== undefined) return { status: 1, path, error: quotaError };
  return {
    status,
    path,
    ...(status === 0 ? {} : { error: new CommandFailure(`${plan.program} exited with status ${status}`) }),
  };
}

/** Sends `signal` to every process of the group `child` leads. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: every process of the group has exited.
  }
}

/** The number of a signal, for the shell-style exit status 128 + n. */
function signalNumber(signal: NodeJS.Signals): number {
  return osConstants.signals[signal] ?? 0;
}
