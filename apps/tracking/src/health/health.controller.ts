import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { MessagingHealthIndicator } from '@tenaz/messaging/nest';

/**
 * Probes for orchestrators. `live`: the process answers (restart it if not). `ready`: the database
 * answers, the queue's transport answers and queue `track_trace` meets its 10 s SLA (take the
 * instance out of rotation if not).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly messaging: MessagingHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2_000 }),
      () => this.messaging.isHealthy('messaging', { queues: ['track_trace'] }),
    ]);
  }
}
