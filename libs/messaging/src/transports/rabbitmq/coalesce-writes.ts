import type { Duplex } from 'node:stream';

/**
 * Makes the frames amqplib writes in one turn of the event loop leave in one system call.
 * amqplib writes each frame on its own (a publish is three: method, header, body), and with
 * Nagle's algorithm off, as it must be for latency, each write is a syscall and a TCP segment:
 * they took a third of the publishing process's time at 20,000 messages/s. Corking on the first
 * write of a turn and uncorking on `process.nextTick` sends everything written in that turn with
 * one `writev`, before anything else runs, so no frame waits longer than it did.
 */
export function coalesceWrites(socket: Duplex): void {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  socket.write = ((...args: unknown[]): boolean => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  }) as Duplex['write'];
}
