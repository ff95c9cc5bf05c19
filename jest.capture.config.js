// Records real controllers' answers into test/fixtures/real-v2.0.3/ (`npm run capture:real-fixtures`):
// the real tier's harness and settings, run only on purpose because it rewrites checked-in files.
import real from './jest.real.config.js';

export default { ...real, testMatch: ['**/*.capture.ts'] };
