import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';
import { TcpProxy } from './tcp-proxy';
import { waitFor } from './wait-for';

/** One end of a connection, with everything it received and how it ended. */
interface Peer {
  socket: Socket;
  received: string;
  closed: boolean;
  error: NodeJS.ErrnoException | undefined;
}

function track(socket: Socket): Peer {
  const peer: Peer = { socket, received: '', closed: false, error: undefined };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (peer.received += chunk));
  socket.on('error', (error: NodeJS.ErrnoException) => (peer.error = error));
  socket.on('close', () => (peer.closed = true));
  return peer;
}

/** The real server behind the proxy: echoes every byte and keeps its side of each connection. */
class EchoServer {
  readonly peers: Peer[] = [];
  private readonly server: Server = createServer((socket) => {
    const peer = track(socket);
    socket.on('data', (chunk: string) => socket.write(chunk));
    this.peers.push(peer);
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.peers.forEach((peer) => peer.socket.destroy());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function open(port: number): Promise<Peer> {
  const socket = connect(port, '127.0.0.1');
  const peer = track(socket);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return peer;
}

describe(TcpProxy.name, () => {
  let server: EchoServer;
  let proxy: TcpProxy;
  const clients: Peer[] = [];

  /** A client connected through the proxy; its socket is destroyed after the test. */
  const client = async (port = proxy.port) => {
    const peer = await open(port);
    clients.push(peer);
    return peer;
  };
  const echoed = (peer: Peer, text: string) =>
    waitFor(() => peer.received.includes(text), { timeoutMs: 5_000, description: `"${text}" echoed` });

  beforeEach(async () => {
    server = await new EchoServer().start();
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: server.port });
  });
  afterEach(async () => {
    clients.splice(0).forEach((peer) => peer.socket.destroy());
    await proxy.close();
    await server.stop();
  });

  it('passes bytes through both ways and counts its open connections', async () => {
    const first = await client();
    const second = await client();
    first.socket.write('ping-1');
    second.socket.write('ping-2');
    await echoed(first, 'ping-1');
    await echoed(second, 'ping-2');
    expect(server.peers.map((peer) => peer.received).sort()).toEqual(['ping-1', 'ping-2']);
    expect(proxy.connections).toBe(2);
    first.socket.end();
    await waitFor(() => proxy.connections === 1, { timeoutMs: 5_000, description: 'the closed connection forgotten' });
  });

  it('cut resets every open connection at both ends, and the next connection works', async () => {
    const first = await client();
    const second = await client();
    first.socket.write('before');
    await echoed(first, 'before');
    await waitFor(() => server.peers.length === 2, { timeoutMs: 5_000, description: 'both upstream connections' });

    proxy.cut();
    expect(proxy.connections).toBe(0);
    await waitFor(() => first.closed && second.closed && server.peers.every((peer) => peer.closed), {
      timeoutMs: 5_000,
      description: 'both ends closed',
    });
    // A reset, not an orderly close: what a dropped link shows the library.
    expect([first.error?.code, second.error?.code]).toEqual(['ECONNRESET', 'ECONNRESET']);

    const third = await client();
    third.socket.write('after');
    await echoed(third, 'after');
  });

  it('blackhole holds traffic both ways without closing anything, on open and new connections', async () => {
    const held = await client();
    held.socket.write('warm-up');
    await echoed(held, 'warm-up');
    const [upstream] = server.peers;

    proxy.blackhole();
    held.socket.write('upward');
    upstream.socket.write('downward');
    const opened = await client();
    opened.socket.write('new-connection');
    // The server answers a later request that does not pass through the proxy: had the proxy
    // forwarded the earlier bytes, they would have reached it by now.
    const direct = await open(server.port);
    clients.push(direct);
    direct.socket.write('direct');
    await echoed(direct, 'direct');

    expect(upstream.received).toBe('warm-up');
    expect(held.received).toBe('warm-up');
    expect(server.peers.map((peer) => peer.received)).not.toContain('new-connection');
    expect(opened.received).toBe('');
    expect([held.closed, opened.closed, upstream.closed]).toEqual([false, false, false]);
    expect(proxy.connections).toBe(2);
  });

  it('restore after a blackhole delivers everything it held, in order, and traffic flows again', async () => {
    const held = await client();
    held.socket.write('warm-up;');
    await echoed(held, 'warm-up;');
    const [upstream] = server.peers;
    proxy.blackhole();
    held.socket.write('upward;');
    upstream.socket.write('downward;');
    const opened = await client();
    opened.socket.write('new-connection');

    proxy.restore();
    await waitFor(() => upstream.received === 'warm-up;upward;', { timeoutMs: 5_000, description: 'the held bytes upstream' });
    await waitFor(() => held.received === 'warm-up;downward;upward;' || held.received === 'warm-up;upward;downward;', {
      timeoutMs: 5_000,
      description: 'the held bytes and their echo downstream',
    });
    await echoed(opened, 'new-connection');
    held.socket.write('flowing');
    await echoed(held, 'flowing');
  });

  it('refuse resets new connections until restore, and leaves open ones alone', async () => {
    const existing = await client();
    proxy.refuse();
    // The reset may come before or after the client saw its connect: only how it ends matters.
    const refused = track(connect(proxy.port, '127.0.0.1'));
    clients.push(refused);
    await waitFor(() => refused.closed, { timeoutMs: 5_000, description: 'the refused connection closed' });
    expect(refused.error?.code).toBe('ECONNRESET');
    expect(server.peers).toHaveLength(1);
    existing.socket.write('still-open');
    await echoed(existing, 'still-open');

    proxy.restore();
    const accepted = await client();
    accepted.socket.write('accepted');
    await echoed(accepted, 'accepted');
  });

  it('close ends its connections and stops listening', async () => {
    const peer = await client();
    const port = proxy.port;
    await proxy.close();
    await waitFor(() => peer.closed, { timeoutMs: 5_000, description: 'the connection closed' });
    await expect(open(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // A fresh one for afterEach to close.
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: server.port });
  });
});
