// A logged-in session: the header it adds to authenticated requests and when it stops being valid.
import { jwtExpiry } from '../../config/jwt.js';
import { isJwt } from './credentials.js';

export interface ApiSession {
  /** Header name and value; never logged. */
  header: [name: 'authorization' | 'zt-session', value: string];
  /** From the JWT's exp; null for opaque tokens, which are used until a 401 says otherwise. */
  expiresAt: Date | null;
  /** OIDC refresh token, when the login gave one. */
  refreshToken: string | null;
}

export function sessionFromToken(token: string, refreshToken: string | null = null): ApiSession {
  return {
    header: isJwt(token) ? ['authorization', `Bearer ${token}`] : ['zt-session', token],
    expiresAt: jwtExpiry(token),
    refreshToken,
  };
}

/** Expired, or about to: refresh a little early so a request never carries a token that dies in flight. */
export function isExpired(session: ApiSession, now: Date, marginMs = 10_000): boolean {
  return session.expiresAt !== null && session.expiresAt.getTime() - marginMs <= now.getTime();
}
