// Tests are written in TypeScript and compiled by `tsc` with the rest of the project (npm test
// builds first), so jest runs plain JavaScript and needs no transformer.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/dist/test/**/*.test.js'],
  testEnvironment: 'node',
  testTimeout: 30000,
  maxWorkers: 2,
};
