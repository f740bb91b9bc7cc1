/**
 * The bounded subset of the fault suite that `npm test` runs (through the `test-faults` target,
 * after the other tests): a few thousand messages per scenario, under two minutes in all. The full
 * suite is `npm run test:faults` (tools/faults/src/main.ts).
 */
const base = require('./jest.config.cts');

module.exports = { ...base, testMatch: ['**/*.fault-spec.ts'], testTimeout: 300_000 };
