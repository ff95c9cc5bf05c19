// Reads a JWT's `exp` without verifying it: only to tell an expired stored session from a live one.

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * The token's expiry, or null when it is not a JWS compact token with a numeric `exp` (opaque zt-session tokens,
 * garbage).
 */
export function jwtExpiry(token: string): Date | null {
  const parts = token.trim().split('.');
  // Three segments is a signed JWT; five would be an encrypted one whose claims we cannot read.
  if (parts.length !== 3) return null;
  const [header, payload] = parts as [string, string, string];
  if (!SEGMENT.test(header) || !SEGMENT.test(payload)) return null;
  if (decodeObject(header) === null) return null;
  const claims = decodeObject(payload);
  const exp = claims?.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  const date = new Date(exp * 1000);
  return Number.isNaN(date.getTime()) ? null : date;
}

function decodeObject(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** exp - iat in milliseconds, or null when either claim is missing. */
export function jwtLifetimeMs(token: string): number | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !SEGMENT.test(parts[1]!)) return null;
  const claims = decodeObject(parts[1]!);
  const { iat, exp } = claims ?? {};
  return typeof iat === 'number' && typeof exp === 'number' && exp > iat ? (exp - iat) * 1000 : null;
}
