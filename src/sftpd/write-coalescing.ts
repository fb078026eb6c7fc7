/**
 * Fewer system calls for the SSH transport. ssh2 hands every encrypted SSH packet to the socket with
 * its own `write`, and Node sends each one with its own system call while the socket keeps up: a
 * 255 KiB SFTP READ reply is eight packets, a burst of pipelined replies many more. Corking the
 * socket at the first write of an event-loop turn and uncorking it once that turn's work is done sends
 * them together in one `writev`.
 */
import type { Socket } from 'node:net';

export function coalesceWrites(socket: Socket): void {
  const write = socket.write as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  socket.write = ((...args: unknown[]): boolean => {
    if (!corked) {
      corked = true;
      socket.cork();
      // After the current callback and its microtasks: everything they write goes in one batch.
      setImmediate(uncork);
    }
    return write.apply(socket, args);
  }) as Socket['write'];
}
