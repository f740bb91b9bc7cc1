module.exports = {
  displayName: 'faults',
  preset: '../../jest.preset.js',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // The checker's and the model's specs run real PostgreSQL work of a few thousand rows.
  testTimeout: 120_000,
};
