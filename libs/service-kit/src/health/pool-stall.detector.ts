import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '../config/service-config.module';
import type { ServiceConfig } from '../config/service-env';

/** How long the probe's own connection may take to answer `SELECT 1`. */
const PROBE_TIMEOUT_MS = 2_000;

/** The verdict of {@link PoolStallDetector.check}. */
export type StallVerdict = { wedged: false } | { wedged: true; reason: string };

/**
 * Tells whether the process is wedged, as `/health/live` means it: every connection of its
 * TypeORM pool has been checked out, with none returned, for `LIVENESS_STALL_MS` (60 s by default,
 * several times the longest a connection is legitimately held: a transaction idle 12 s at most, a
 * statement 10 s), **while PostgreSQL answers** a connection of the probe's own. Restarting such a
 * process frees it (its connections are stuck on work that will never finish); restarting during
 * a database outage would not, so a database that does not answer is never "wedged" (readiness
 * reports it instead).
 */
@Injectable()
export class PoolStallDetector implements OnModuleInit, OnModuleDestroy {
  /** Since when every connection has been out with none returned; undefined while one is idle or was returned since. */
  private exhaustedSince: number | undefined;
  private pool: Pool | undefined;
  private readonly onAcquire = () => this.update();
  private readonly onReturn = () => {
    this.exhaustedSince = undefined;
  };

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onModuleInit(): void {
    // TypeORM's PostgreSQL driver keeps its pg Pool as `master`.
    this.pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    this.pool.on('acquire', this.onAcquire);
    this.pool.on('release', this.onReturn);
    this.pool.on('remove', this.onReturn);
  }

  onModuleDestroy(): void {
    this.pool?.off('acquire', this.onAcquire);
    this.pool?.off('release', this.onReturn);
    this.pool?.off('remove', this.onReturn);
  }

  /** Whether the process is wedged now (see the class comment). */
  async check(): Promise<StallVerdict> {
    this.update();
    const stalledMs = this.exhaustedSince === undefined ? 0 : Date.now() - this.exhaustedSince;
    if (stalledMs < this.config.livenessStallMs) {
      return { wedged: false };
    }
    if (!(await this.databaseAnswers())) {
      return { wedged: false };
    }
    return {
      wedged: true,
      reason: `every database connection of the pool (${this.config.databasePoolSize}) has been checked out for ${Math.round(stalledMs / 1_000)} s with none returned, while the database answers`,
    };
  }

  private update(): void {
    const pool = this.pool;
    if (!pool) {
      return;
    }
    const exhausted = pool.totalCount >= this.config.databasePoolSize && pool.idleCount === 0;
    if (!exhausted) {
      this.exhaustedSince = undefined;
    } else {
      this.exhaustedSince ??= Date.now();
    }
  }

  /** A connection of the probe's own, outside the pool: does the server answer at all? */
  private async databaseAnswers(): Promise<boolean> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      query_timeout: PROBE_TIMEOUT_MS,
      application_name: 'tenaz:liveness-probe',
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
