import { Module, type DynamicModule } from '@nestjs/common';
import type { BenchPayload } from '../../../core/workload';
import { BENCH_HANDLER, BenchEventsController } from './bench-events.controller';

/** The microservice's one module, with the benchmark's handler behind BENCH_HANDLER. */
@Module({})
export class BenchEventsModule {
  static forHandler(handler: (message: BenchPayload) => void): DynamicModule {
    return { module: BenchEventsModule, controllers: [BenchEventsController], providers: [{ provide: BENCH_HANDLER, useValue: handler }] };
  }
}
