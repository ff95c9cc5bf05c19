// Resolves the real ziti binary once for the whole tier; the npm script has already checked that
// one exists (scripts/find-ziti.mjs) and printed how to provide one if not.
import { findZiti } from '../../../scripts/find-ziti.mjs';

export default function globalSetup() {
  process.env.ZITI_BIN = findZiti().path;
}
