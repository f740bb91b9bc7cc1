import type { Socket } from 'node:net';

/** How long a refused client may go on sending the body it started before the connection is cut. */
const LINGER_MS = 2_000;

/**
 * Closes a connection the way nginx's `lingering_close` does, for an answer sent before the
 * request's body was read: our side is shut (the client sees the answer end), what the client is
 * still sending is discarded, never buffered, and the socket is destroyed when the client closes
 * or after `LINGER_MS`. Destroying it at once, as Node does after `Connection: close`, leaves
 * unread bytes in the kernel, which answers them with a reset: the client then fails to write its
 * body (EPIPE) or loses the answer it had not read yet, and sees no 401 at all.
 */
export function closeLingering(socket: Socket): void {
  // Node's HTTP server calls `destroySoon` once the answer marked `Connection: close` is written.
  socket.destroySoon = () => {
    socket.end();
    const deadline = setTimeout(() => socket.destroy(), LINGER_MS);
    deadline.unref();
    socket.once('close', () => clearTimeout(deadline));
    socket.once('end', () => socket.destroy());
    socket.resume();
  };
}
