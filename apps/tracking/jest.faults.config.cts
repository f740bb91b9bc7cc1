/**
 * Fault tests: they spawn the built services and SIGKILL the tracking service, so they run alone
 * (`--runInBand`), after the other tests, through the `test-faults` target (which builds first).
 */
const base = require('./jest.config.cts');

module.exports = { ...base, testMatch: ['**/*.fault-spec.ts'], testTimeout: 120_000 };
