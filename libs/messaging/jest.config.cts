module.exports = {
  displayName: 'messaging',
  preset: '../../jest.preset.js',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/messaging',
};
