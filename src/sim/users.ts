// The identities of the simulated cluster: password checks and client-certificate mapping.
import { createHash } from 'node:crypto';
import type { UserSpec } from './scenario.js';

/** What the TLS layer tells about the client certificate of a request. */
export interface PeerCert {
  /** Chains to the server's `ca` (an unverified certificate never authenticates). */
  authorized: boolean;
  commonName: string;
  /** SHA-1 of the DER, lowercase hex, as OpenZiti fingerprints certificates. */
  fingerprint: string;
}

export type AuthMethod = 'password' | 'cert';

/** An authenticated identity. */
export interface Principal {
  identityId: string;
  name: string;
  admin: boolean;
  method: AuthMethod;
}

/** A stable short id per name, shaped like OpenZiti's identity ids. */
export function identityIdOf(name: string): string {
  return createHash('sha256').update(name).digest('base64url').slice(0, 10);
}

export class Users {
  private readonly byName: Map<string, UserSpec>;

  constructor(users: readonly UserSpec[]) {
    this.byName = new Map(users.map((u) => [u.username, u]));
  }

  password(username: unknown, password: unknown): Principal | null {
    const user = typeof username === 'string' ? this.byName.get(username) : undefined;
    if (!user || typeof password !== 'string' || password !== user.password) return null;
    return { identityId: identityIdOf(user.username), name: user.username, admin: user.admin, method: 'password' };
  }

  /**
   * A CA-verified client certificate authenticates as the identity named by its CN; that identity's
   * admin flag comes from the user of the same name, and is true when there is none.
   */
  cert(peer: PeerCert | null): Principal | null {
    if (!peer?.authorized || peer.commonName === '') return null;
    const admin = this.byName.get(peer.commonName)?.admin ?? true;
    return { identityId: identityIdOf(peer.commonName), name: peer.commonName, admin, method: 'cert' };
  }
}
