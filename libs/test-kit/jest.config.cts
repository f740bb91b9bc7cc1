module.exports = {
  displayName: 'test-kit',
  preset: '../../jest.preset.js',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/test-kit',
};
