import { postgresHarness } from './conformance-harness';
import { describeDeadLetterOperations } from './dead-letter-operations.suite';

describeDeadLetterOperations(postgresHarness('dl_ops_pg'));
