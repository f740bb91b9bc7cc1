import { rabbitmqHarness } from './conformance-harness';
import { describeDeadLetterOperations } from './dead-letter-operations.suite';

describeDeadLetterOperations(rabbitmqHarness('dl_ops'));
