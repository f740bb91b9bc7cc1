module.exports = {
  displayName: 'contracts',
  passWithNoTests: true,
  preset: '../../jest.preset.js',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/contracts',
};
