import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { BenchPayload } from '../../../core/workload';

/** The event pattern the benchmark emits and handles. */
export const BENCH_EVENT = 'bench.message';
/** Injection token of the function each handled event is handed to. */
export const BENCH_HANDLER = Symbol('BENCH_HANDLER');

/** The `@EventPattern` handler a NestJS team writes: hands each event to the benchmark. */
@Controller()
export class BenchEventsController {
  constructor(@Inject(BENCH_HANDLER) private readonly handle: (message: BenchPayload) => void) {}

  @EventPattern(BENCH_EVENT)
  onMessage(@Payload() message: BenchPayload): void {
    this.handle(message);
  }
}
