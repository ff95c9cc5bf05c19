// The real-cluster tier (`npm run test:real`): real OpenZiti controllers started by
// test/real/harness, one test file at a time (each cluster takes two cores' worth of start-up).
import base from './jest.config.js';

export default {
  ...base,
  roots: ['<rootDir>/test/real'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180_000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/test/real/harness/global-setup.mjs',
};
