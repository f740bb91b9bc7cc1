import { rabbitmqHarness } from './conformance-harness';
import { describeTransportConformance } from './conformance.suite';

describeTransportConformance(rabbitmqHarness('conformance'));
