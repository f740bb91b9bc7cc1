import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { describeDatabaseFailure } from './database-failure';

/** 2 s: under an orchestrator's usual 1-10 s probe timeout, with room for a loaded database. */
const PING_TIMEOUT_MS = 2_000;

/**
 * Readiness of the service's database: `SELECT 1` through the TypeORM pool within 2 s. Down with
 * the reason only (`describeDatabaseFailure`), never the driver's message.
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async pingCheck<const Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), PING_TIMEOUT_MS);
    });
    try {
      const answer = await Promise.race([this.dataSource.query('SELECT 1').then(() => 'ok' as const), timeout]);
      return answer === 'ok' ? indicator.up() : indicator.down({ message: `no answer within ${PING_TIMEOUT_MS} ms` });
    } catch (error) {
      return indicator.down({ message: describeDatabaseFailure(error) });
    } finally {
      clearTimeout(timer);
    }
  }
}
