/**
 * ssh2 without its native add-on encrypts each AES-GCM packet as four socket writes (length, body, final
 * block, tag), and with Nagle off each write is its own syscall and TCP segment. Corking the socket for the
 * rest of the current tick turns everything ssh2 writes in answer to one read into a single writev.
 */
import type { Socket } from 'node:net';

export function coalesceWrites(sock: Socket): void {
  const write = sock.write.bind(sock) as (...a: unknown[]) => boolean;
  let corked = false;
  const flush = () => {
    corked = false;
    if (!sock.destroyed) sock.uncork();
  };
  sock.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      sock.cork();
      process.nextTick(flush);
    }
    return write(...args);
  }) as Socket['write'];
}
