module.exports = {
  displayName: 'tools',
  preset: '../jest.preset.js',
  roots: ['<rootDir>/cli'],
  testMatch: ['**/*.spec.ts'],
  testTimeout: 60_000,
};
