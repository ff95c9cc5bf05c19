// A logged-in session: the header it adds to authenticated requests and when it stops being valid.
import { jwtExpiry, jwtLifetimeMs } from './jwt.js';
import { isJwt } from './credentials.js';

export interface ApiSession {
  /** Header name and value; never logged. */
  header: [name: 'authorization' | 'zt-session', value: string];
  /** From the JWT's exp; null for opaque tokens, which are used until a 401 says otherwise. */
  expiresAt: Date | null;
  /** OIDC refresh token, when the login gave one. */
  refreshToken: string | null;
  /** Lifetime from the JWT's iat to exp, when both are there: the refresh margin scales with it. */
  lifetimeMs: number | null;
}

export function sessionFromToken(token: string, refreshToken: string | null = null): ApiSession {
  return {
    header: isJwt(token) ? ['authorization', `Bearer ${token}`] : ['zt-session', token],
    expiresAt: jwtExpiry(token),
    refreshToken,
    lifetimeMs: jwtLifetimeMs(token),
  };
}

/**
 * Expired, or about to: refresh a little early (10 s, or a quarter of a short token's lifetime) so
 * a request never carries a token that dies in flight, nor refreshes a fresh short-lived one.
 */
export function isExpired(session: ApiSession, now: Date): boolean {
  if (session.expiresAt === null) return false;
  const marginMs = Math.min(10_000, (session.lifetimeMs ?? Infinity) / 4);
  return session.expiresAt.getTime() - marginMs <= now.getTime();
}
