module.exports = {
  displayName: 'cli',
  preset: '../../jest.preset.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // The tests run the built CLI as a child process against the real PostgreSQL and RabbitMQ.
  testTimeout: 60_000,
};
