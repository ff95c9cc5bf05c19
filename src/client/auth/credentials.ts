// What the user gave us to log in with, already resolved from flags, env, config and ziti-cli.json.
import type { Secret } from '../../secret.js';

/**
 * How a password or certificate login is made: `auto` uses OIDC where the controller's /version
 * lists OIDC_AUTH, else the legacy /authenticate; `oidc` and `legacy` force one of them.
 */
export const LOGIN_METHODS = ['auto', 'oidc', 'legacy'] as const;
export type LoginMethod = (typeof LOGIN_METHODS)[number];

export type Credentials =
  | { kind: 'none' }
  /** Username + password: OIDC password login where the controller offers it, else legacy (or as `method` says). */
  | { kind: 'password'; username: string; password: Secret; method: LoginMethod }
  /**
   * The TLS client certificate configured on the HTTP client: OIDC cert login, else legacy method=cert (or as `method`
   * says).
   */
  | { kind: 'cert'; method: LoginMethod }
  /**
   * A ready token (--token, ZITI_STATUS_TOKEN, a 1.x ziti-cli.json token): a JWT is a bearer token, anything else a
   * zt-session.
   */
  | { kind: 'token'; token: Secret }
  /** A stored `ziti edge login` OIDC session, refreshed in memory when it has expired. */
  | { kind: 'oidc-session'; accessToken: Secret; refreshToken: Secret | null; loginHint: string };

/** A JWT has three base64url parts; OpenZiti's legacy zt-session tokens are UUIDs. */
export function isJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
