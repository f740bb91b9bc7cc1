import { Client, escapeIdentifier } from 'pg';
import { withDeadline } from '../model/deadline';
import { SERVER_KEEPALIVES } from './database';
import type { MessagingLogger } from '../model/logger';

/** Timing of a {@link NotifyListener}. */
export interface NotifyListenerOptions {
  connectionString: string;
  channel: string;
  applicationName: string;
  /** How often the connection is probed; a silent half-open TCP connection is found this way. */
  pingIntervalMs: number;
  reconnectMinDelayMs: number;
  reconnectMaxDelayMs: number;
}

type Waker = () => void;

/**
 * The process's one LISTEN connection. NOTIFY payloads are queue names; each wakes that queue's
 * claim loops. When the connection drops (PostgreSQL restarted, `pg_terminate_backend`, a cut
 * network) it is re-established with backoff, and every subscriber is woken once it is back:
 * notifications sent while it was down are lost, so consumers look for themselves.
 * The polling backstop in each claim loop covers the time in between.
 */
export class NotifyListener {
  private client: Client | undefined;
  private readonly wakers = new Map<string, Set<Waker>>();
  private closing = false;
  private reconnectDelayMs: number;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private connectedOnce = false;
  /** Connections established, the first included: tests and health read it. */
  connections = 0;

  constructor(
    private readonly options: NotifyListenerOptions,
    private readonly logger: MessagingLogger,
  ) {
    this.reconnectDelayMs = options.reconnectMinDelayMs;
  }

  /** Connects and starts listening; rejects if PostgreSQL cannot be reached now. */
  async start(): Promise<void> {
    await this.connect();
    this.pingTimer = setInterval(() => void this.ping(), this.options.pingIntervalMs);
    this.pingTimer.unref();
  }

  /** Calls `wake` on every NOTIFY for `queue` and after every reconnect. Returns an unsubscribe. */
  subscribe(queue: string, wake: Waker): () => void {
    const set = this.wakers.get(queue) ?? new Set<Waker>();
    set.add(wake);
    this.wakers.set(queue, set);
    return () => set.delete(wake);
  }

  /** True while the LISTEN connection is up. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: `${this.options.applicationName}:listen`,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 10_000,
      // A dead listener that the server keeps would hold back the notification queue for everyone.
      options: SERVER_KEEPALIVES,
    });
    client.on('notification', (notification) => {
      if (notification.channel === this.options.channel && notification.payload) {
        this.wake(notification.payload);
      }
    });
    client.on('error', (error) => this.logger.warn({ err: error.message }, 'LISTEN connection failed'));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${escapeIdentifier(this.options.channel)}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    this.connections += 1;
    this.reconnectDelayMs = this.options.reconnectMinDelayMs;
    if (this.connectedOnce) {
      this.logger.info({ channel: this.options.channel }, 'LISTEN connection re-established');
      this.wakeAll();
    }
    this.connectedOnce = true;
  }

  private lost(client: Client): void {
    if (this.client !== client) {
      return;
    }
    this.client = undefined;
    if (!this.closing) {
      this.logger.warn({ channel: this.options.channel }, 'LISTEN connection lost; reconnecting, polling meanwhile');
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(async () => {
      if (this.closing) {
        return;
      }
      try {
        await this.connect();
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, retryInMs: this.reconnectDelayMs }, 'LISTEN reconnect failed');
        this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, this.options.reconnectMaxDelayMs);
        this.scheduleReconnect();
      }
    }, this.reconnectDelayMs);
    this.reconnectTimer.unref();
  }

  /** A round trip with a deadline; a connection that cannot answer is torn down and replaced. */
  private async ping(): Promise<void> {
    const client = this.client;
    if (!client) {
      return;
    }
    try {
      await withDeadline(client.query('SELECT 1'), this.options.pingIntervalMs, 'LISTEN connection ping');
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'LISTEN connection did not answer; replacing it');
      // end() waits for the socket; a dead peer never answers, so drop our reference first.
      this.lost(client);
      client.removeAllListeners('end');
      void client.end().catch(() => undefined);
    }
  }

  private wake(queue: string): void {
    for (const wake of this.wakers.get(queue) ?? []) {
      wake();
    }
  }

  private wakeAll(): void {
    for (const queue of this.wakers.keys()) {
      this.wake(queue);
    }
  }
}
