// The member cache: which origins a cluster's replicas published in the last run, so the next run
// asks them at once instead of waiting for a seed's replica (docs/design.md section 2, "Discovery").
// It is a hint for speed, never evidence: pollCluster keeps a cached origin's answers only where
// this run's replicas publish it. One XDG cache file, read leniently, replaced atomically.
import { readFileSync } from 'node:fs';
import { writeFileAtomically } from '../cache-file.js';
import { join } from 'node:path';
import { addressesOf, originOf } from '../addresses.js';
import type { TlsOptions } from '../client/http-client.js';
import type { Evidence } from '../evidence.js';
import { describeFsError } from '../fs-errors.js';
import { Memo } from '../memo.js';
import { xdgBaseDir } from '../xdg.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface MemberCacheStore {
  env: Env;
  homeDir: string;
  warn: (message: string) => void;
}

interface CacheEntry {
  updatedAt: string;
  members: string[];
}

interface CacheFile {
  version: 1;
  clusters: Record<string, CacheEntry>;
}

const DAY_MS = 24 * 3600 * 1000;

/** What the file keeps: clusters asked within 30 days, at most 64 of them, 256 origins each. */
const RETAIN = { maxClusters: 64, maxAgeMs: 30 * 24 * 3600 * 1000, maxMembers: 256 };

/** $XDG_CACHE_HOME/ziti-status/members-v1.json (default ~/.cache), next to the latency history. */
function memberCachePath(env: Env, homeDir: string): string {
  return join(xdgBaseDir('cache', env, homeDir), 'ziti-status', 'members-v1.json');
}

/**
 * The entry a run reads and writes: the given origins (sorted, so their order does not matter) and
 * the CA set the run trusts. Two clusters reached through different seeds or trusted through
 * different CAs never share an entry, even when their addresses collide (a re-used port).
 */
export function memberCacheKey(seeds: readonly string[], tls: TlsOptions): string {
  const trust = tls.insecure === true ? 'insecure' : tls.ca === undefined ? 'system-ca' : `ca:${textHash(tls.ca)}`;
  return `${[...new Set(seeds)].sort().join(' ')} ${trust}`;
}

/** The cached member origins of one cluster; [] when there are none. A corrupt file: [] and one warning. */
export function loadKnownMembers(key: string, store: MemberCacheStore): string[] {
  const path = memberCachePath(store.env, store.homeDir);
  const file = readCacheFile(path);
  if (file.kind === 'bad')
    store.warn(
      `member cache ${path} ignored (${file.reason}); discovering from the given controllers, it will be rewritten`,
    );
  return file.kind === 'ok' ? (file.value.clusters[key]?.members ?? []) : [];
}

/**
 * The origins this run's replicas publish, edge-management first per row: what discovery asks.
 * Null when no replica was read (nothing answered): the cache then keeps what it knew.
 */
export function publishedMembers(evidence: Evidence, memo: Memo = new Memo()): string[] | null {
  const origins = new Set<string>();
  let read = false;
  for (const target of evidence.targets) {
    if (!target.signals.replica.ok) continue;
    read = true;
    for (const row of target.signals.replica.value) {
      const first = addressesOf(memo, row)[0];
      if (first !== undefined) origins.add(first);
    }
  }
  return read ? [...origins].sort().slice(0, RETAIN.maxMembers) : null;
}

/**
 * Replaces the cluster's entry (other clusters' entries kept, the old ones pruned): write to a
 * unique temp file (0600), fsync, rename over. Skipped when nothing changed since a write less
 * than a day old, so the usual run costs no write (and no fsync). Any failure is one warning: a cache must never fail a health check.
 */
export function saveKnownMembers(key: string, members: readonly string[], now: Date, store: MemberCacheStore): void {
  const path = memberCachePath(store.env, store.homeDir);
  const current = readCacheFile(path);
  const clusters = current.kind === 'ok' ? current.value.clusters : {};
  const previous = clusters[key];
  // The same members, written within a day: nothing to write (the entry stays far from its expiry).
  if (
    previous !== undefined &&
    sameList(previous.members, members) &&
    now.getTime() - Date.parse(previous.updatedAt) < DAY_MS
  )
    return;
  const kept = Object.entries(clusters)
    .filter(([k, e]) => k !== key && now.getTime() - Date.parse(e.updatedAt) < RETAIN.maxAgeMs)
    .sort(([, a], [, b]) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
    .slice(0, RETAIN.maxClusters - 1);
  const next: CacheFile = {
    version: 1,
    clusters: { ...Object.fromEntries(kept), [key]: { updatedAt: now.toISOString(), members: [...members] } },
  };
  try {
    writeFileAtomically(path, `${JSON.stringify(next)}\n`);
  } catch (error) {
    store.warn(`could not save the member cache ${path}: ${describeFsError(error, path)}`);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

type ReadResult = { kind: 'missing' } | { kind: 'ok'; value: CacheFile } | { kind: 'bad'; reason: string };

function readCacheFile(path: string): ReadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'bad', reason: describeFsError(error, path) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'bad', reason: 'not valid JSON' };
  }
  const problem = cacheProblem(json);
  return problem === null ? { kind: 'ok', value: json as CacheFile } : { kind: 'bad', reason: problem };
}

/** Checked by hand (as the latency history is): every run reads it before its first request. */
function cacheProblem(json: unknown): string | null {
  if (!isPlainObject(json)) return 'unexpected content at (root)';
  if (json.version !== 1) return `not a version 1 member cache (version: ${JSON.stringify(json.version) ?? 'missing'})`;
  if (!isPlainObject(json.clusters)) return 'unexpected content at clusters';
  const memo = new Memo();
  for (const [key, entry] of Object.entries(json.clusters)) {
    const at = `unexpected content at clusters[${JSON.stringify(key)}]`;
    if (!isPlainObject(entry) || typeof entry.updatedAt !== 'string' || Number.isNaN(Date.parse(entry.updatedAt)))
      return at;
    if (!Array.isArray(entry.members)) return `${at}.members`;
    // Only origins, exactly as discovery writes them: anything else would be a request to a stranger.
    if (!entry.members.every((m) => typeof m === 'string' && originOf(memo, m) === m)) return `${at}.members`;
  }
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** cyrb53: a 53-bit string hash, enough to tell CA sets apart in a key (not a security boundary). */
function textHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
