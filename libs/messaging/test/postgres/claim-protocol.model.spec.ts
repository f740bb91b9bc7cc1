import fc from 'fast-check';
import { Client } from 'pg';
import { createMessaging } from '../../src';
import { queueStatements, type QueueStatements } from '../../src/transports/postgres/queue-statements';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';

const QUEUE = 'model';
const WORKERS = 3;
const MESSAGES = 24;
/** Short, so that the model's waits cross it often; the statements take the lease in ms. */
const LEASE_MS = 250;

/** A claim a worker believes it holds: the row's id and the attempt it was claimed at. */
interface Holding {
  id: string;
  attempt: number;
  worker: number;
  expiresAt: number;
}

/**
 * The real system: one PostgreSQL connection per worker, the library's own claim, ack, retry,
 * renew and reclaim statements, and a crash that drops a worker's connection without settling.
 * The model beside it: what each worker holds.
 */
class System {
  readonly clients: Client[] = [];
  holdings: Holding[] = [];
  /** Violations seen; the property asserts there are none. */
  readonly violations: string[] = [];

  constructor(
    private readonly store: TestSchema,
    private readonly sql: QueueStatements,
  ) {}

  async open(): Promise<void> {
    for (let w = 0; w < WORKERS; w += 1) {
      this.clients[w] = await this.connect();
    }
  }

  private async connect(): Promise<Client> {
    const client = new Client({ connectionString: this.store.connectionString });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  async reset(): Promise<void> {
    await this.store.sql.query(`DELETE FROM ${this.store.table('reliable_messages')}`);
    this.holdings = [];
  }

  private async leaseEnds(client: Client, ids: string[]): Promise<Map<string, number>> {
    const rows = await client.query(
      `SELECT id, (extract(epoch FROM lease_expires_at) * 1000)::float8 AS ends FROM ${this.store.table('reliable_messages')} WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    return new Map(rows.rows.map((row) => [row.id as string, row.ends as number]));
  }

  /** Claims up to `limit` for `worker`, or for every worker at once. */
  async claim(workers: number[], limit: number): Promise<void> {
    const expectedFirst = workers.length === 1 ? await this.dueInOrder(limit) : undefined;
    const results = await Promise.all(
      workers.map((w) => this.clients[w]!.query(this.sql['claim-messages'], [QUEUE, limit, LEASE_MS, `w${w}`])),
    );
    const claimedNow = new Set<string>();
    for (const [i, result] of results.entries()) {
      const worker = workers[i]!;
      if (result.rows.length > limit) this.violations.push(`worker ${worker} asked for ${limit} and got ${result.rows.length}`);
      const ends = await this.leaseEnds(
        this.clients[worker]!,
        result.rows.map((row) => row.id as string),
      );
      for (const row of result.rows) {
        const id = row.id as string;
        if (claimedNow.has(id)) this.violations.push(`${id} claimed twice by one round of concurrent claims`);
        claimedNow.add(id);
        const expiresAt = ends.get(id)!;
        const claimedAt = expiresAt - LEASE_MS;
        for (const other of this.holdings.filter((h) => h.id === id && h.expiresAt > claimedAt)) {
          this.violations.push(`${id} claimed by worker ${worker} while worker ${other.worker} held a live lease`);
        }
        this.holdings.push({ id, attempt: row.attempts as number, worker, expiresAt });
      }
      if (expectedFirst) {
        const got = new Set(result.rows.map((row) => row.id as string));
        if (got.size !== expectedFirst.length || expectedFirst.some((id) => !got.has(id))) {
          this.violations.push(`a claim of ${limit} took ${[...got].join(',')} instead of the first due ${expectedFirst.join(',')}`);
        }
      }
    }
  }

  /** The ids a claim of `limit` must take: due, pending, priority first then due order (read before the claim). */
  private async dueInOrder(limit: number): Promise<string[]> {
    const rows = await this.store.sql.query(
      `SELECT id FROM ${this.store.table('reliable_messages')} WHERE queue_name = $1 AND status = 'pending' AND scheduled_for <= now() ORDER BY priority DESC, scheduled_for, seq LIMIT $2`,
      [QUEUE, limit],
    );
    return rows.rows.map((row) => row.id as string);
  }

  /** The worker's newest holding of each message it holds (older ones were superseded by its own later claims). */
  private heldBy(worker: number): Holding[] {
    return this.holdings.filter((h) => h.worker === worker && !this.holdings.some((n) => n.id === h.id && n.attempt > h.attempt));
  }

  /** Settles what `worker` holds with ack or retry; a settlement succeeds exactly when no one claimed it since. */
  async settle(worker: number, kind: 'ack' | 'retry'): Promise<void> {
    const held = this.heldBy(worker);
    if (held.length === 0) return;
    const ids = held.map((h) => h.id);
    const attempts = held.map((h) => h.attempt);
    const current = await this.store.sql.query(
      `SELECT id, attempts, status FROM ${this.store.table('reliable_messages')} WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    const stillOurs = new Set(
      current.rows
        .filter((row) => row.status === 'processing' && held.some((h) => h.id === row.id && h.attempt === row.attempts))
        .map((row) => row.id as string),
    );
    const result =
      kind === 'ack'
        ? await this.clients[worker]!.query(this.sql['ack-messages'], [ids, attempts])
        : await this.clients[worker]!.query(this.sql['retry-messages'], [ids, attempts, ids.map(() => 0), ids.map(() => 'model retry')]);
    const settled = new Set(result.rows.map((row) => row.id as string));
    for (const id of ids) {
      if (settled.has(id) !== stillOurs.has(id))
        this.violations.push(`${kind} of ${id} by worker ${worker}: settled ${settled.has(id)}, expected ${stillOurs.has(id)}`);
    }
    this.holdings = this.holdings.filter((h) => !(h.worker === worker && ids.includes(h.id)) && !settled.has(h.id));
  }

  async renew(worker: number): Promise<void> {
    const held = this.heldBy(worker);
    if (held.length === 0) return;
    const result = await this.clients[worker]!.query(this.sql['extend-leases'], [
      held.map((h) => h.id),
      held.map((h) => h.attempt),
      LEASE_MS,
    ]);
    const ends = await this.leaseEnds(
      this.clients[worker]!,
      result.rows.map((row) => row.id as string),
    );
    for (const h of held) {
      const end = ends.get(h.id);
      if (end !== undefined) h.expiresAt = end;
    }
  }

  /** The worker's process dies: its connection drops, nothing is settled, its leases run out. */
  async crash(worker: number): Promise<void> {
    await this.clients[worker]!.end().catch(() => undefined);
    this.clients[worker] = await this.connect();
    // Its holdings stay in the model (as leases nobody renews) until they are reclaimed.
    for (const h of this.holdings.filter((x) => x.worker === worker)) h.worker = -1 - worker;
  }

  async reclaim(): Promise<void> {
    const result = await this.store.sql.query(this.sql['reclaim-expired-leases'], [QUEUE, 100]);
    const now = Number((await this.store.sql.query('SELECT (extract(epoch FROM now()) * 1000)::float8 AS now')).rows[0].now);
    for (const row of result.rows) {
      const live = this.holdings.filter((h) => h.id === row.id && h.expiresAt > now + 5);
      if (live.length > 0) this.violations.push(`${row.id} reclaimed while its lease was live`);
    }
    const reclaimed = new Set(result.rows.map((row) => row.id as string));
    this.holdings = this.holdings.filter((h) => !reclaimed.has(h.id));
  }
}

const worker = fc.integer({ min: 0, max: WORKERS - 1 });
const commandArbitrary = fc.oneof(
  fc.record({ kind: fc.constant('claim' as const), worker, limit: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('claim-all' as const), limit: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('ack' as const), worker }),
  fc.record({ kind: fc.constant('retry' as const), worker }),
  fc.record({ kind: fc.constant('renew' as const), worker }),
  fc.record({ kind: fc.constant('crash' as const), worker }),
  fc.record({ kind: fc.constant('reclaim' as const) }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 300 }) }),
);

describe('PostgreSQL claim protocol, model-based (fast-check)', () => {
  let store: TestSchema;
  let system: System;

  beforeAll(async () => {
    store = await createTestSchema('claim_model');
    const messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { [QUEUE]: { slaMs: 30_000 } },
      logger: quietLogger(),
    });
    await messaging.close();
    system = new System(store, queueStatements(store.schema));
    await system.open();
  });
  afterAll(async () => {
    await Promise.all(system.clients.map((client) => client.end().catch(() => undefined)));
    await store.drop();
  });

  it('never hands one message to two live leases, never claims more than asked, claims in due order, and settles only what is still held', async () => {
    const messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema, migrate: false },
      queues: { [QUEUE]: { slaMs: 30_000 } },
      logger: quietLogger(),
    });
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(commandArbitrary, { minLength: 5, maxLength: 25 }), async (commands) => {
          await system.reset();
          await messaging.publisher.publishMany(
            Array.from({ length: MESSAGES }, (_, i) => ({
              queue: QUEUE,
              type: 'model',
              payload: { i },
              options: { priority: i % 3 === 0 ? 1 : 0 },
            })),
          );
          system.violations.length = 0;
          for (const command of commands) {
            switch (command.kind) {
              case 'claim':
                await system.claim([command.worker], command.limit);
                break;
              case 'claim-all':
                await system.claim([0, 1, 2], command.limit);
                break;
              case 'ack':
              case 'retry':
                await system.settle(command.worker, command.kind);
                break;
              case 'renew':
                await system.renew(command.worker);
                break;
              case 'crash':
                await system.crash(command.worker);
                break;
              case 'reclaim':
                await system.reclaim();
                break;
              case 'wait':
                await new Promise((resolve) => setTimeout(resolve, command.ms));
                break;
            }
          }
          expect(system.violations).toEqual([]);
        }),
        // 30 runs of up to 25 commands: about 12 s here, a few hundred claims, crashes and expiries.
        { numRuns: 30 },
      );
    } finally {
      await messaging.close();
    }
  });
});
