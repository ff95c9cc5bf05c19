// What the user gave us to log in with, already resolved from flags, env, config and ziti-cli.json.
import type { Secret } from '../../config/secret.js';

export type Credentials =
  | { kind: 'none' }
  /** Username + password: OIDC password login where the controller offers it, else legacy. */
  | { kind: 'password'; username: string; password: Secret }
  /** The TLS client certificate configured on the HTTP client: OIDC cert login, else legacy method=cert. */
  | { kind: 'cert' }
  /** A ready token (--token, ZITI_STATUS_TOKEN, a 1.x ziti-cli.json token): a JWT is a bearer token, anything else a zt-session. */
  | { kind: 'token'; token: Secret }
  /** A stored `ziti edge login` OIDC session, refreshed in memory when it has expired. */
  | { kind: 'oidc-session'; accessToken: Secret; refreshToken: Secret | null; loginHint: string };

/** A JWT has three base64url parts; OpenZiti's legacy zt-session tokens are UUIDs. */
export function isJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
