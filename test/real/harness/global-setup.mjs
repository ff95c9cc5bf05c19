// Once for the whole tier: resolves the real ziti binary (the npm script has already checked that
// one exists, and printed how to provide one if not), and starts a fresh comparison record.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findZiti } from '../../../scripts/find-ziti.mjs';

export default function globalSetup() {
  process.env.ZITI_BIN = findZiti().path;
  process.env.REAL_COMPARISON_OUT ??= fileURLToPath(new URL('../../../dist/real-comparison.jsonl', import.meta.url));
  rmSync(process.env.REAL_COMPARISON_OUT, { force: true });
}
