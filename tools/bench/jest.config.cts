module.exports = {
  displayName: 'bench',
  preset: '../../jest.preset.js',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  // Drivers load each other with import('./x.driver.js') (node16 ESM-style specifiers); in the
  // tests the sources are TypeScript.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // The driver spec waits on real PostgreSQL, RabbitMQ and Redis; pg-boss's defaults poll every 2 s.
  testTimeout: 60_000,
};
