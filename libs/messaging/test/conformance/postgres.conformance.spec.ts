import { postgresHarness } from './conformance-harness';
import { describeTransportConformance } from './conformance.suite';

describeTransportConformance(postgresHarness('conformance'));
