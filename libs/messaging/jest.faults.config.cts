/**
 * Fault tests: they cut connections or restart real services, so they run alone
 * (`--runInBand`), after the other tests, through the `test-faults` target.
 */
const base = require('./jest.config.cts');

module.exports = { ...base, testMatch: ['**/*.fault-spec.ts'], testTimeout: 120_000 };
