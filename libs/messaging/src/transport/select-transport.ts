import type { TransportName } from '../model/messaging-options';

/** Maps SLA tiers to transports: the first tier whose `maxSlaMs` covers a queue's SLA wins. */
export interface TransportPolicy {
  tiers: readonly { maxSlaMs: number; transport: TransportName }[];
  default: TransportName;
}

/**
 * Which transport serves a queue: its explicit `transport` if set, else the tightest SLA tier
 * that covers its `slaMs`, else the policy's default. Tiers are tried from the tightest, so the
 * order they are written in does not matter.
 */
export function selectTransport(queue: { slaMs: number; transport?: TransportName }, policy: TransportPolicy): TransportName {
  if (queue.transport) {
    return queue.transport;
  }
  const tier = [...policy.tiers].sort((a, b) => a.maxSlaMs - b.maxSlaMs).find((t) => queue.slaMs <= t.maxSlaMs);
  return tier ? tier.transport : policy.default;
}
