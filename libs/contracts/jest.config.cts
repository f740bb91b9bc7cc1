module.exports = {
  displayName: 'contracts',
  preset: '../../jest.preset.js',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/contracts',
};
