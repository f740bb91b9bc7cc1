module.exports = {
  displayName: 'service-kit',
  preset: '../../jest.preset.js',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/service-kit',
};
