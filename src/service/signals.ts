import type { Logger } from '../logger/index.js';
import type { Service } from './service.js';
import { errorMessage } from '../util/error-message.js';

const logSender = 'service';

/**
 * Wires process signals to the service: SIGTERM/SIGINT stop it gracefully and then call `onStopped`,
 * SIGHUP reloads (log file reopened, certificates re-read, ...), SIGUSR1 rotates the log file. A second
 * SIGTERM/SIGINT while stopping exits at once with code 1. Returns a function that removes the handlers.
 */
export function handleSignals(
  service: Service,
  logger: Logger,
  onStopped: (exitCode: number) => void,
  /** What SIGUSR1 does; default `logger.rotate()` (a cluster primary also tells its workers to reopen). */
  rotate: () => Promise<void> = () => logger.rotate(),
): () => void {
  let stopping = false;
  const onStop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(logSender, `received ${signal} again while stopping, exiting now`);
      logger.flushSync();
      process.exit(1);
    }
    stopping = true;
    logger.info(logSender, `received ${signal}, stopping`);
    service.stop().then(
      () => onStopped(0),
      () => onStopped(1),
    );
  };
  const onReload = () => {
    logger.debug(logSender, 'received SIGHUP, reloading');
    void service.reload();
  };
  const onRotate = () => {
    rotate().catch((err: unknown) => {
      logger.warn(logSender, `error rotating the log file: ${errorMessage(err)}`);
    });
  };
  process.on('SIGTERM', onStop);
  process.on('SIGUSR1', onRotate);
  process.on('SIGINT', onStop);
  process.on('SIGHUP', onReload);
  return () => {
    process.off('SIGTERM', onStop);
    process.off('SIGINT', onStop);
    process.off('SIGHUP', onReload);
    process.off('SIGUSR1', onRotate);
  };
}
