import { postgresHarness } from './conformance-harness';
import { describeHealthFigures } from './health-figures.suite';

describeHealthFigures(postgresHarness('health_figures'));
