import type { Scenario } from '../run/scenario';
import { baseline, orderedBaseline } from './baseline.scenario';
import { consumerFreeze } from './consumer-freeze.scenario';
import { consumerKill } from './consumer-kill.scenario';
import { delayedAcrossRestart } from './delayed-restart.scenario';
import { idleInTransaction } from './idle-in-transaction.scenario';
import { listenTerminated } from './listen-terminated.scenario';
import { networkCut } from './network-cut.scenario';
import { poison } from './poison.scenario';
import { postgresRestart } from './postgres-restart.scenario';
import { rabbitmqCluster } from './rabbitmq-cluster.scenario';
import { rabbitmqKill } from './rabbitmq-kill.scenario';
import { rabbitmqRestart } from './rabbitmq-restart.scenario';
import { relayKill } from './relay-kill.scenario';

/** Every scenario of the suite, in the order (5, 14, 15 live elsewhere: see tools/faults/README.md). */
export const SCENARIOS: readonly Scenario[] = [
  baseline,
  orderedBaseline,
  consumerKill,
  consumerFreeze,
  relayKill,
  rabbitmqRestart,
  rabbitmqKill,
  postgresRestart,
  listenTerminated,
  networkCut,
  poison,
  idleInTransaction,
  delayedAcrossRestart,
  rabbitmqCluster,
];
