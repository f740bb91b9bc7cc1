module.exports = {
  displayName: 'tracking',
  preset: '../../jest.preset.js',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  // Kill tests (*.fault-spec.ts) spawn the built services and take longer: the `test-faults` target runs them alone.
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  coverageDirectory: '../../coverage/apps/tracking',
  testTimeout: 60_000,
};
