// Finds the real OpenZiti `ziti` binary the real-cluster tier and its benchmark drive: $ZITI_BIN,
// else `ziti` on PATH, else the copy this project's workplace ships beside the checkout
// (../shared/openziti/real/ziti-bin prints its path). Run as a script it prints the path, or one
// line saying how to point ZITI_BIN at a ziti v2.0.x, and exits 1.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SHARED_BIN = resolve(repo, '../shared/openziti/real/ziti-bin');
const HOW = 'set ZITI_BIN to a ziti v2.0.x binary (or put `ziti` on PATH) to run the real-cluster tier';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && executable(join(dir, 'ziti'))) return join(dir, 'ziti');
  }
  return null;
}

/** The binary's path and version; throws an Error whose message is the one line to print. */
export function findZiti() {
  let path = process.env.ZITI_BIN || onPath();
  if (!path && existsSync(SHARED_BIN)) {
    path = execFileSync(SHARED_BIN, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  }
  if (!path) throw new Error(`no ziti binary found: ${HOW}`);
  if (!executable(path)) throw new Error(`ZITI_BIN=${path} is not an executable file: ${HOW}`);
  const version = execFileSync(path, ['version'], { encoding: 'utf8' }).trim();
  if (!/^v2\.0\.\d+/.test(version)) throw new Error(`${path} is ziti ${version}, not v2.0.x: ${HOW}`);
  return { path, version };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(findZiti().path);
  } catch (err) {
    console.error(`test:real: ${err.message}`);
    process.exit(1);
  }
}
