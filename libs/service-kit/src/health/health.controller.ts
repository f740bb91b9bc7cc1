import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { MessagingHealthIndicator } from '@tenaz/messaging/nest';
import { DatabaseHealthIndicator } from './database.health';
import { HEALTH_OPTIONS, HealthOptions } from './health-options';
import { PoolStallDetector } from './pool-stall.detector';

/**
 * Probes. `live` (restart the process if not): the process answers and is not wedged
 * (`PoolStallDetector`); a database outage never fails it. `ready` (take the instance out of
 * rotation if not): the database and the transports answer; SLA figures are in its details only.
 * `sla` (alert, never route on it): every queue meets its SLA, else 503 with the numbers.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseHealthIndicator,
    private readonly messaging: MessagingHealthIndicator,
    private readonly stall: PoolStallDetector,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([
      async () => {
        const indicator = this.indicators.check('process');
        const verdict = await this.stall.check();
        return verdict.wedged ? indicator.down({ message: verdict.reason }) : indicator.up();
      },
    ]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database'),
      () => this.messaging.isHealthy('messaging', { queues: [this.options.queue] }),
    ]);
  }

  @Get('sla')
  @HealthCheck()
  sla(): Promise<HealthCheckResult> {
    return this.health.check([() => this.messaging.isWithinSla('sla', { queues: [this.options.queue] })]);
  }
}
