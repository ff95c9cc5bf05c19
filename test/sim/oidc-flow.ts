// The OIDC authorization-code + PKCE login driven by hand against one simulated controller, for tests.
import { createHash, randomBytes } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { form, send } from './helpers.js';

export const REDIRECT_URI = 'http://localhost:8080/auth/callback';

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(origin: string, challenge: string, extra: Record<string, string> = {}): string {
  const url = new URL('/oidc/authorize', origin);
  const params = {
    client_id: 'native',
    response_type: 'code',
    scope: 'openid offline_access',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    redirect_uri: REDIRECT_URI,
    state: 'st4te',
    nonce: 'n0nce',
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

function location(reply: { status: number; headers: Record<string, string | string[] | undefined> }): string {
  const value = reply.headers.location;
  if (reply.status !== 302 || typeof value !== 'string')
    throw new Error(`expected a 302 with a Location, got HTTP ${reply.status}`);
  return value;
}

/** Runs authorize -> login -> callback on `origin` and returns the code (not redeemed) and the PKCE verifier. */
export async function codeFor(
  origin: string,
  login: { username: string; password: string } | 'cert',
  dispatcher?: Dispatcher,
): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkce();
  const d = dispatcher ? { dispatcher } : {};
  const page = new URL(location(await send(authorizeUrl(origin, challenge), d)), origin);
  const id = page.searchParams.get('authRequestID') ?? '';
  const fields = login === 'cert' ? { id } : { id, ...login };
  const callback = location(
    await send(new URL(`/oidc/login/${login === 'cert' ? 'cert' : 'password'}`, origin).href, {
      ...form(fields),
      ...d,
    }),
  );
  const done = new URL(location(await send(callback, d)));
  const code = done.searchParams.get('code');
  if (code === null) throw new Error(`no code in ${done.href}`);
  return { code, verifier };
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  id_token: string;
  token_type: string;
  expires_in: number;
}

/** The full login: code, then the token endpoint of the same controller. */
export async function oidcLogin(
  origin: string,
  login: { username: string; password: string } | 'cert' = { username: 'admin', password: 'admin' },
  dispatcher?: Dispatcher,
): Promise<Tokens> {
  const { code, verifier } = await codeFor(origin, login, dispatcher);
  const reply = await send<Tokens>(`${origin}/oidc/oauth/token`, {
    ...form({
      grant_type: 'authorization_code',
      client_id: 'native',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
    }),
    ...(dispatcher ? { dispatcher } : {}),
  });
  if (reply.status !== 200) throw new Error(`token endpoint: HTTP ${reply.status} ${reply.text}`);
  return reply.body;
}

/** The claims of the simulator's access, refresh and id tokens that the tests read (src/sim/oidc-tokens.ts). */
export interface Claims {
  iss: string;
  sub: string;
  iat: number;
  exp: number;
  /** OpenZiti's token type: 'a' access, 'r' refresh; absent from id tokens. */
  z_t?: string;
  /** Present (true) for an admin only. */
  z_ia?: true;
  amr?: string[];
  nonce?: string;
  name?: string;
}

/** The claims of a JWT (not verified: the test only reads them). */
export function claimsOf(jwt: string): Claims {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
}

export const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
