module.exports = {
  displayName: 'notifications',
  preset: '../../jest.preset.js',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  // Kill tests (*.fault-spec.ts) spawn the built service and take longer: the `test-faults` target runs them alone.
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  coverageDirectory: '../../coverage/apps/notifications',
};
