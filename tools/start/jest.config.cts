module.exports = {
  displayName: 'start',
  preset: '../../jest.preset.js',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  // Each e2e test starts both built services (and, for the embedded default, a PostgreSQL server).
  testTimeout: 120_000,
};
