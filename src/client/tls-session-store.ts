// TLS sessions on disk, so that a repeated run resumes its handshakes (docs/design.md section 9):
// $XDG_CACHE_HOME/ziti-status/tls-sessions-v1.json, mode 0600 (a session resumes as us), replaced
// atomically as the latency cache is (src/watch/latency-store.ts). Each session is kept for the
// origin that issued it AND a hash of the verification settings it was verified under (CA set,
// client certificate, --insecure): a change of any of them, or a failed handshake, drops it.
import { readFileSync } from 'node:fs';
import { writeFileAtomically } from '../cache-file.js';
import { join } from 'node:path';
import { describeFsError } from '../fs-errors.js';
import { xdgBaseDir } from '../xdg.js';
import type { TlsOptions } from './http-client.js';
import { type KeptSession, TlsSessions } from './tls-sessions.js';

export interface TlsSessionStoreOptions {
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  warn: (message: string) => void;
}

interface StoredSession {
  origin: string;
  settings: string;
  session: string;
  fingerprint: string;
  spiffeId: string | null;
  savedAt: number;
}

/** TLS 1.3 tickets live at most 7 days (RFC 8446 section 4.6.1); a cache of more origins is no one's. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const MAX_ENTRIES = 256;

export function tlsSessionsFilePath(env: TlsSessionStoreOptions['env'], homeDir: string): string {
  return join(xdgBaseDir('cache', env, homeDir), 'ziti-status', 'tls-sessions-v1.json');
}

/** Which verification settings a session was verified under: a hash, never the PEMs themselves. */
function settingsKey(tls: TlsOptions): string {
  const crypto = process.getBuiltinModule('node:crypto');
  const what = JSON.stringify([tls.ca ?? null, tls.cert ?? null, tls.key ?? null, tls.insecure === true]);
  return crypto.createHash('sha256').update(what).digest('hex');
}

/** The run's sessions, the stored ones for these settings read on the first https connection. */
export function openTlsSessions(tls: TlsOptions, store: TlsSessionStoreOptions): TlsSessions {
  return new TlsSessions(() => {
    const key = settingsKey(tls);
    const now = Date.now();
    const usable = new Map<string, KeptSession>();
    for (const s of readStored(store)) {
      if (s.settings !== key || now - s.savedAt > MAX_AGE_MS) continue;
      usable.set(s.origin, {
        session: Buffer.from(s.session, 'base64'),
        peer: { fingerprint: s.fingerprint, spiffeId: s.spiffeId },
        savedAt: s.savedAt,
      });
    }
    return usable;
  });
}

/** Saves what changed; a failure is one warning, never an error (a cache never fails a health check). */
export function saveTlsSessions(sessions: TlsSessions, tls: TlsOptions, store: TlsSessionStoreOptions): void {
  if (!sessions.changed) return;
  const path = tlsSessionsFilePath(store.env, store.homeDir);
  try {
    const key = settingsKey(tls);
    const now = Date.now();
    const ours = [...sessions.entries()].map(
      ([origin, kept]): StoredSession => ({
        origin,
        settings: key,
        session: kept.session.toString('base64'),
        fingerprint: kept.peer.fingerprint,
        spiffeId: kept.peer.spiffeId,
        // A stored session kept as it was keeps its age, so it is renewed a day after it was issued.
        savedAt: kept.savedAt ?? now,
      }),
    );
    // An origin this run spoke to keeps only this run's session: others' settings are dropped with it.
    const touched = new Set([...sessions.entries().keys(), ...sessions.dropped]);
    const others = readStored(store).filter((s) => !touched.has(s.origin) && now - s.savedAt <= MAX_AGE_MS);
    const all = [...ours, ...others].sort((a, b) => b.savedAt - a.savedAt).slice(0, MAX_ENTRIES);
    writeFileAtomically(path, `${JSON.stringify({ version: 1, sessions: all })}\n`);
  } catch (error) {
    store.warn(`could not save the TLS session cache ${path}: ${describeFsError(error, path)}`);
  }
}

/** The stored sessions; a missing, unreadable or foreign file is none (it is rewritten on the next save). */
function readStored(store: TlsSessionStoreOptions): StoredSession[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(tlsSessionsFilePath(store.env, store.homeDir), 'utf8'));
  } catch {
    return [];
  }
  const list = (json as { version?: unknown; sessions?: unknown } | null)?.sessions;
  if ((json as { version?: unknown }).version !== 1 || !Array.isArray(list)) return [];
  return list.filter(isStoredSession);
}

function isStoredSession(value: unknown): value is StoredSession {
  const s = value as Partial<StoredSession> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.origin === 'string' &&
    typeof s.settings === 'string' &&
    typeof s.session === 'string' &&
    typeof s.fingerprint === 'string' &&
    (s.spiffeId === null || typeof s.spiffeId === 'string') &&
    typeof s.savedAt === 'number'
  );
}
