// How every cache file of ours is written (latency history, member cache, TLS sessions): whole or
// not at all. A temp file in the same directory (unique: pid + a counter, opened 'wx', mode 0600),
// fsynced, renamed over the old one. Throws; each cache turns a failure into its own one warning.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let writes = 0;

export interface AtomicWriteOptions {
  /** Also fsync the directory, so the rename itself survives a crash (best effort). */
  durableRename?: boolean;
}

export function writeFileAtomically(path: string, text: string, options: AtomicWriteOptions = {}): void {
  const dir = dirname(path);
  // Unique without node:crypto (costly to load): no two processes share a pid, and 'wx' refuses a name that exists.
  const temp = join(dir, `.${basename(path)}.${process.pid}.${(writes++).toString(36)}.tmp`);
  // Private like the files, whichever cache makes the directory first (an existing one is left as it is).
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = openSync(temp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, text);
      // Without it a crash after the rename could leave an empty file under the final name.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    tryUnlink(temp);
    throw error;
  }
  if (options.durableRename === true) syncDirectory(dir);
}

/** Best effort: some platforms cannot open a directory, and the data is already safe in the renamed file. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Only the rename's durability is at stake.
  }
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Litter in a cache directory is harmless; the warning about the failed write is what matters.
  }
}
