import type { Sandbox } from './driver';

/** What a consumer process is started with (as JSON in argv[2]). */
export interface ConsumerProcessArguments {
  system: string;
  sandbox: Sandbox;
  concurrency: number;
  /** Messages the whole run expects: the process reports at once when its own count reaches it. */
  expected: number;
}

/** Parent → consumer process. */
export type ToConsumer = { type: 'go' } | { type: 'stop' };

/** Consumer process → parent. */
export type FromConsumer =
  | { type: 'ready' }
  | { type: 'progress'; count: number }
  | { type: 'stats'; handled: number; cpuMs: number; maxRssMb: number }
  | { type: 'error'; message: string };
