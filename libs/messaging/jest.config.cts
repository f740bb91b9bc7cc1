module.exports = {
  displayName: 'messaging',
  preset: '../../jest.preset.js',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/messaging',
  // Integration tests wait on real PostgreSQL and RabbitMQ; a stuck wait fails with its own message first.
  testTimeout: 60_000,
};
