// HS256 JSON Web Tokens for the simulated OIDC provider: one secret per cluster, so every node verifies every token.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type Claims = Record<string, unknown>;

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function signature(signingInput: string, secret: Buffer): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

export function signJwt(claims: Claims, secret: Buffer, keyId: string): string {
  const input = `${encode({ alg: 'HS256', kid: keyId, typ: 'JWT' })}.${encode(claims)}`;
  return `${input}.${signature(input, secret).toString('base64url')}`;
}

/**
 * The claims of a token signed with `secret`, or null (malformed, another algorithm, another signer).
 * Expiry is the caller's.
 */
export function verifyJwt(token: string, secret: Buffer): Claims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header = '', payload = '', sig = ''] = parts;
  const expected = signature(`${header}.${payload}`, secret);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
    if (head.alg !== 'HS256') return null;
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Claims) : null;
  } catch {
    return null;
  }
}
