import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, HealthOptions } from './health-options';
import { PoolStallDetector } from './pool-stall.detector';

/** `/health/live`, `/health/ready` and `/health/sla`. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }, DatabaseHealthIndicator, PoolStallDetector],
    };
  }
}
