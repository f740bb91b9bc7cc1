import { BadRequestException, Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Messaging, QueueHistoryBucket } from '@tenaz/messaging';
import { InjectMessaging } from '@tenaz/messaging/nest';
import { ADMIN_API_PREFIX } from '../admin.constants';
import { AdminKeyGuard } from '../http/admin-key.guard';
import { knownQueue } from '../http/known-queue';
import { HistoryQueryDto } from './history-query.dto';
import { QueueView, toQueueView } from './queue.view';

/** 1 h in 1-minute buckets: the dashboard's charts. */
const DEFAULT_WINDOW_MS = 3_600_000;
const DEFAULT_BUCKET_MS = 60_000;
/** A history answer has at most this many buckets (24 h by the minute is 1,440). */
const MAX_BUCKETS = 1_440;

/** Every queue with its figures and SLA state, and one queue's last hour. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Missing or unknown admin key.' })
@ApiResponse({ status: 403, description: 'A tenant API key: not allowed here.' })
@UseGuards(AdminKeyGuard)
@Controller(`${ADMIN_API_PREFIX}/queues`)
export class QueuesController {
  constructor(@InjectMessaging() private readonly messaging: Messaging) {}

  @Get()
  @ApiResponse({ status: 200, description: "`{ count, queues }`: each queue's transport, configuration, figures and SLA state." })
  async list(): Promise<{ count: number; queues: QueueView[] }> {
    const queues = [...this.messaging.queues.values()];
    const healths = await Promise.all(queues.map((queue) => this.messaging.health(queue.name)));
    return { count: queues.length, queues: queues.map((queue, index) => toQueueView(queue, healths[index])) };
  }

  @Get(':queue')
  @ApiResponse({ status: 200, description: 'One queue: `{ queue }`.' })
  @ApiResponse({ status: 404, description: 'The queue is not configured.' })
  async show(@Param('queue') name: string): Promise<{ queue: QueueView }> {
    knownQueue(this.messaging, name);
    return {
      queue: toQueueView(
        this.messaging.queues.get(name) as NonNullable<ReturnType<Messaging['queues']['get']>>,
        await this.messaging.health(name),
      ),
    };
  }

  @Get(':queue/history')
  @ApiResponse({
    status: 200,
    description:
      '`{ queue, windowMs, bucketMs, count, buckets }`, oldest first: published, completed, failed, dead-lettered and latency percentiles per bucket.',
  })
  @ApiResponse({ status: 404, description: 'The queue is not configured.' })
  async history(
    @Param('queue') name: string,
    @Query() query: HistoryQueryDto,
  ): Promise<{ queue: string; windowMs: number; bucketMs: number; count: number; buckets: QueueHistoryBucket[] }> {
    knownQueue(this.messaging, name);
    const windowMs = query.windowMs ?? DEFAULT_WINDOW_MS;
    const bucketMs = query.bucketMs ?? DEFAULT_BUCKET_MS;
    if (windowMs / bucketMs > MAX_BUCKETS) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [`bucketMs: at most ${MAX_BUCKETS} buckets per window (windowMs / bucketMs)`],
      });
    }
    const buckets = await this.messaging.healthHistory(name, { windowMs, bucketMs });
    return { queue: name, windowMs, bucketMs, count: buckets.length, buckets };
  }
}
