// Cluster-wide authentication state: identities, legacy sessions, OIDC logins and tokens, login counters.
import type { IncomingHttpHeaders } from 'node:http';
import { LegacySessions } from './legacy-sessions.js';
import { OidcRequests } from './oidc-requests.js';
import { OidcTokens, principalOf } from './oidc-tokens.js';
import type { AuthMode, Scenario } from './scenario.js';
import { Users, type Principal } from './users.js';

/** Successful authentications on one controller. */
export interface AuthStats {
  /** Password or certificate logins: legacy `authenticate` and OIDC `/oidc/login/*`. */
  logins: number;
  /** authorization_code grants redeemed at `/oidc/oauth/token`. */
  codeGrants: number;
  refreshGrants: number;
}

const zero = (): AuthStats => ({ logins: 0, codeGrants: 0, refreshGrants: 0 });

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether a request presents a credential header at all (what the request log records, never the value). */
export function carriesCredential(headers: IncomingHttpHeaders): boolean {
  return header(headers, 'zt-session') !== undefined || header(headers, 'authorization') !== undefined;
}

export class AuthStore {
  readonly mode: AuthMode;
  readonly users: Users;
  readonly sessions: LegacySessions;
  readonly requests: OidcRequests;
  readonly tokens: OidcTokens;
  private readonly stats = new Map<string, AuthStats>();

  constructor(scenario: Scenario, clock: () => number) {
    this.mode = scenario.auth;
    this.users = new Users(scenario.users);
    this.sessions = new LegacySessions(scenario.tokenTtlMs, scenario.sharedSessions, clock);
    this.requests = new OidcRequests(clock);
    this.tokens = new OidcTokens(scenario.tokenTtlMs, scenario.refreshTtlMs, clock);
  }

  /** The OIDC provider (and the OIDC_AUTH capability) exists only in oidc mode. */
  get oidc(): boolean {
    return this.mode === 'oidc';
  }

  /** Whether the data endpoints (controllers, list-members) need a credential. */
  get required(): boolean {
    return this.mode !== 'none';
  }

  /**
   * Who presents this request to `node`: a Bearer access token (oidc mode, any node) or a zt-session
   * (the minting node, or any with sharedSessions). Null when it carries none or an invalid one.
   */
  identify(node: string, headers: IncomingHttpHeaders): Principal | null {
    const authorization = header(headers, 'authorization');
    if (authorization !== undefined) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      const claims = this.oidc && bearer ? this.tokens.verify(bearer, 'a') : null;
      return claims ? principalOf(claims) : null;
    }
    const token = header(headers, 'zt-session');
    return token === undefined ? null : (this.sessions.use(node, token)?.principal ?? null);
  }

  /**
   * The WWW-Authenticate challenge of a 401 (foundation/errorz): for the credential presented
   * (invalid, or an expired access token), or, when none was, every kind this cluster accepts.
   */
  challenge(headers: IncomingHttpHeaders): { missing: boolean; challenge: string } {
    const what = (scheme: string, realm: string, error: string, description: string) =>
      `${scheme} realm="${realm}" error="${error}" error_description="${description}"`;
    if (header(headers, 'authorization') !== undefined) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(header(headers, 'authorization') ?? '')?.[1] ?? '';
      const expired = this.oidc && this.tokens.expired(bearer);
      return {
        missing: false,
        challenge: expired
          ? what('Bearer', 'openziti-oidc', 'expired', 'token expired')
          : what('Bearer', 'openziti-oidc', 'invalid', 'token is invalid'),
      };
    }
    if (header(headers, 'zt-session') !== undefined)
      return { missing: false, challenge: what('zt-session', 'zt-session', 'invalid', 'token is invalid') };
    const missing = [what('zt-session', 'zt-session', 'missing', 'no matching token was provided')];
    if (this.oidc) missing.push(what('Bearer', 'openziti-oidc', 'missing', 'no matching token was provided'));
    return { missing: true, challenge: missing.join(',') };
  }

  count(node: string, what: keyof AuthStats): void {
    const stats = this.stats.get(node) ?? zero();
    stats[what]++;
    this.stats.set(node, stats);
  }

  /** Counters of one controller, or summed over all. */
  statsOf(node?: string): AuthStats {
    if (node !== undefined) return { ...(this.stats.get(node) ?? zero()) };
    const sum = zero();
    for (const s of this.stats.values()) for (const k of Object.keys(sum) as Array<keyof AuthStats>) sum[k] += s[k];
    return sum;
  }

  /** Every access token and legacy session issued so far stops working; refresh tokens keep working. */
  expireTokens(): void {
    this.tokens.expireAccessTokens();
    this.sessions.revoke();
  }

  /** Legacy sessions and OIDC tokens minted by `node` (or by any node) are revoked. */
  revokeSessions(node?: string): void {
    this.sessions.revoke(node);
    this.tokens.revoke(node);
  }

  /** A controller process ended: its pending OIDC logins were only in its memory. */
  nodeDown(node: string): void {
    this.requests.forget(node);
  }
}
