// TLS sessions to resume, each kept for the one origin that issued it and only under the
// verification settings it was verified with (docs/design.md section 9). A resumed handshake shows
// no certificate (Node's getPeerX509Certificate() is undefined then, in TLS 1.3 as in 1.2), so the
// certificate the full handshake presented is kept with the session: only the server holding that
// session's key can resume it, and the identity checks (peer-identity.ts) still get a certificate.
import type { PeerCertificate } from '../evidence.js';

/** One origin's session, as a resumed connection needs it. */
export interface KeptSession {
  /** The TLS session (Node's `session` event). */
  session: Buffer;
  /** The certificate of the full handshake that began it. */
  peer: PeerCertificate;
  /** When a store saved it (ms since the epoch); absent for one this run was issued. */
  savedAt?: number;
}

/**
 * A stored session younger than this is kept as it is when a resumed handshake brings a new one
 * (a TLS 1.3 server issues one after every handshake): the file is not rewritten, and fsynced, on
 * every run for nothing. The controllers (Go) accept a ticket again for days; a day renews it.
 */
const KEEP_STORED_MS = 24 * 3_600_000;

export class TlsSessions {
  private readonly kept = new Map<string, KeptSession>();
  /** The certificate each origin presented on its newest full handshake. */
  private readonly certificates = new Map<string, PeerCertificate>();
  /** Origins whose handshake failed: a store must forget what it had for them. */
  readonly dropped = new Set<string>();
  /** Whether anything a store should save changed. */
  changed = false;
  private load: (() => ReadonlyMap<string, KeptSession>) | null;

  /**
   * `load`: the sessions a store kept for these very verification settings, read on the first
   * https connection (a run over http never reads them).
   */
  constructor(load: (() => ReadonlyMap<string, KeptSession>) | null = null) {
    this.load = load;
  }

  /** The session to offer `origin`, if it issued one. */
  offer(origin: string): Buffer | undefined {
    if (this.load !== null) {
      const stored = this.load();
      this.load = null;
      for (const [at, kept] of stored) if (!this.kept.has(at)) this.kept.set(at, kept);
    }
    return this.kept.get(origin)?.session;
  }

  /** The certificate kept with `origin`'s session: what a resumed connection to it presented. */
  peerOf(origin: string): PeerCertificate | null {
    return this.kept.get(origin)?.peer ?? null;
  }

  /** A full handshake with `origin` finished and verified, presenting `peer`. */
  verified(origin: string, peer: PeerCertificate | null): void {
    if (peer === null) this.drop(origin);
    else this.certificates.set(origin, peer);
  }

  /** `origin` issued a session; kept with the certificate its handshake showed (a resumed one's too). */
  keep(origin: string, session: Buffer): void {
    const before = this.kept.get(origin);
    const peer = this.certificates.get(origin) ?? before?.peer;
    if (peer === undefined) return;
    const stillGood =
      before?.savedAt !== undefined &&
      Date.now() - before.savedAt < KEEP_STORED_MS &&
      before.peer.fingerprint === peer.fingerprint;
    if (stillGood) return;
    this.kept.set(origin, { session, peer });
    this.dropped.delete(origin);
    this.changed = true;
  }

  /** A handshake with `origin` failed: its session is never offered again. */
  drop(origin: string): void {
    this.kept.delete(origin);
    this.certificates.delete(origin);
    this.dropped.add(origin);
    this.changed = true;
  }

  /** What a store saves. */
  entries(): ReadonlyMap<string, KeptSession> {
    return this.kept;
  }
}
