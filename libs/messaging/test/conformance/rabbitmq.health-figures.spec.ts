import { rabbitmqHarness } from './conformance-harness';
import { describeHealthFigures } from './health-figures.suite';

describeHealthFigures(rabbitmqHarness('health_figures'));
