// Legacy API sessions (zt-session tokens): opaque UUIDs, per controller unless shared, idle-timed out.
import { randomUUID } from 'node:crypto';
import type { Principal } from './users.js';

export interface LegacySession {
  id: string;
  token: string;
  principal: Principal;
  /** The controller that minted it. */
  node: string;
  createdAt: number;
  lastActivityAt: number;
  ipAddress: string;
}

export class LegacySessions {
  private readonly byToken = new Map<string, LegacySession>();

  constructor(
    private readonly ttlMs: number,
    /** false: a token is only known to the controller that minted it (1.x clusters do not share them). */
    private readonly shared: boolean,
    private readonly clock: () => number,
  ) {}

  create(node: string, principal: Principal, ipAddress: string): LegacySession {
    const now = this.clock();
    const session = {
      id: randomUUID(),
      token: randomUUID(),
      principal,
      node,
      createdAt: now,
      lastActivityAt: now,
      ipAddress,
    };
    this.byToken.set(session.token, session);
    return session;
  }

  /** The live session of `token` as seen by `node`; each use pushes its idle timeout back, as the controller does. */
  use(node: string, token: string): LegacySession | null {
    const session = this.byToken.get(token);
    if (!session || (!this.shared && session.node !== node)) return null;
    const now = this.clock();
    if (now >= this.expiresAt(session)) {
      this.byToken.delete(token);
      return null;
    }
    session.lastActivityAt = now;
    return session;
  }

  expiresAt(session: LegacySession): number {
    return session.lastActivityAt + this.ttlMs;
  }

  /** Ends the sessions minted by `node`, or every session. */
  revoke(node?: string): void {
    for (const [token, s] of this.byToken) if (node === undefined || s.node === node) this.byToken.delete(token);
  }
}
