import { createServer } from 'node:net';

/**
 * A TCP port nothing listens on at 127.0.0.1 right now, chosen by the kernel. Another process
 * could take it before PostgreSQL binds it; the window is the few milliseconds until the server
 * starts, and a clash makes the start fail with "could not bind" in the server's log.
 */
export function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port assigned'))));
    });
  });
}
