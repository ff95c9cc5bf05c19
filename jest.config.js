// Jest runs as native ESM (node --experimental-vm-modules, see package.json) so that ESM-only
// chalk 5 loads as it does in production; @swc/jest strips types without needing TypeScript's JS API.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The real-cluster tier has a config of its own (jest.real.config.js, `npm run test:real`).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/real/'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
    ],
  },
  testTimeout: 20000,
};
