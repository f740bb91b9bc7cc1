import type { Scenario } from '../run/scenario';
import { baseline, orderedBaseline } from './baseline.scenario';
import { consumerFreeze } from './consumer-freeze.scenario';
import { consumerKill } from './consumer-kill.scenario';

/** Every scenario of the suite, in the order. */
export const SCENARIOS: readonly Scenario[] = [baseline, orderedBaseline, consumerKill, consumerFreeze];
