// The latency history on disk: an XDG cache file that is read leniently and replaced atomically, never failing a health
// check.
import { readFileSync } from 'node:fs';
import { writeFileAtomically } from '../cache-file.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFsError } from '../fs-errors.js';
import { xdgBaseDir } from '../xdg.js';
import { LatencyHistory, type SerializedHistory } from './latency-history.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface LatencyStoreOptions {
  env: Env;
  homeDir: string;
  warn: (message: string) => void;
}

/**
 * Checks the file's shape by hand, not with zod: every run reads it (and reads it again to merge
 * before saving), it holds up to 256 x 50 samples, and zod spends ~3 ms checking each number of a
 * modest file where this loop spends a few microseconds. Returns where the content goes wrong.
 */
function historyProblem(json: unknown): string | null {
  if (!isPlainObject(json)) return '(root)';
  if (json.version !== 1) return 'version';
  if (!isPlainObject(json.controllers)) return 'controllers';
  for (const [origin, entry] of Object.entries(json.controllers)) {
    if (!isPlainObject(entry)) return `controllers.${origin}`;
    if (typeof entry.updatedAt !== 'string') return `controllers.${origin}.updatedAt`;
    if (!Array.isArray(entry.samples)) return `controllers.${origin}.samples`;
    const bad = entry.samples.findIndex((ms) => typeof ms !== 'number' || !(ms >= 0));
    if (bad >= 0) return `controllers.${origin}.samples.${bad}`;
  }
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * $XDG_CACHE_HOME/ziti-status/latency-v1.json (XDG_CACHE_HOME default <homeDir>/.cache; a relative XDG_CACHE_HOME is
 * ignored per the XDG spec).
 */
export function latencyFilePath(env: Env, homeDir: string): string {
  return join(xdgBaseDir('cache', env, homeDir), 'ziti-status', 'latency-v1.json');
}

type ReadResult = { kind: 'missing' } | { kind: 'ok'; value: SerializedHistory } | { kind: 'bad'; reason: string };

async function readHistoryFile(path: string): Promise<ReadResult> {
  try {
    return interpretHistoryText(await readFile(path, 'utf8'));
  } catch (error) {
    return unreadable(error, path);
  }
}

function readHistoryFileSync(path: string): ReadResult {
  try {
    return interpretHistoryText(readFileSync(path, 'utf8'));
  } catch (error) {
    return unreadable(error, path);
  }
}

function unreadable(error: unknown, path: string): ReadResult {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
  return { kind: 'bad', reason: describeFsError(error, path) };
}

function interpretHistoryText(text: string): ReadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'bad', reason: 'not valid JSON' };
  }
  const problem = historyProblem(json);
  if (problem !== null) {
    const version = isPlainObject(json) ? json.version : undefined;
    return {
      kind: 'bad',
      reason:
        version !== 1
          ? `not a version 1 latency history (version: ${JSON.stringify(version) ?? 'missing'})`
          : `unexpected content at ${problem}`,
    };
  }
  return { kind: 'ok', value: json as unknown as SerializedHistory };
}

/**
 * Missing file: empty history. Corrupt or foreign content (bad JSON, wrong shape, other version): empty history + ONE
 * warning via warn(), never an exception.
 */
export async function loadLatencyHistory(opts: LatencyStoreOptions): Promise<LatencyHistory> {
  const path = latencyFilePath(opts.env, opts.homeDir);
  const result = await readHistoryFile(path);
  if (result.kind === 'ok') return LatencyHistory.from(result.value);
  if (result.kind === 'bad')
    opts.warn(
      `latency cache ${path} ignored (${result.reason}); starting without latency history, it will be rewritten`,
    );
  return LatencyHistory.from();
}

/**
 * Atomic: read the current file (to merge what a concurrent run wrote), merge, write to a temp file in the same dir
 * (unique name: pid + a counter), fsync, rename over; controllers unheard of for a week, or beyond the 256 most
 * recently heard, are dropped. Creates the directory. Failures become one warning, never an
 * exception (a cache must never fail a health check). The history passed in is not modified.
 * Two runs saving at the same instant can still lose one's newest samples (last rename wins); for a cache that only
 * tunes deadlines this is accepted rather than paying for a lock file that a killed run could leave behind.
 * Synchronous inside: a single run saves after its answer is out, and the ten or so file operations
 * cost ~1 ms as system calls but ~6 ms as thread-pool round trips, all of it before the process can exit.
 */
export async function saveLatencyHistory(history: LatencyHistory, opts: LatencyStoreOptions): Promise<void> {
  const path = latencyFilePath(opts.env, opts.homeDir);
  try {
    // Ours wins ties; the disk's samples win only where another run recorded something newer.
    const merged = LatencyHistory.from(history.serialize());
    const current = readHistoryFileSync(path);
    // A corrupt file is simply replaced: loading already warned about it.
    if (current.kind === 'ok') merged.merge(current.value);
    merged.prune(RETAIN);
    writeFileAtomically(path, `${JSON.stringify(merged.serialize())}\n`, { durableRename: true });
  } catch (error) {
    opts.warn(`could not save the latency cache ${path}: ${describeFsError(error, path)}`);
  }
}

/** What the file keeps: a week of controllers, at most 256 of them (a sample window each). */
const RETAIN = { maxEntries: 256, maxAgeMs: 7 * 24 * 3600 * 1000 };
