// OIDC authorization-code login with PKCE, as `ziti edge login` does it on OpenZiti 2.x: follows the
// controller's own redirect hops (same origin only) and stops at the redirect URI without
// connecting to it, reading the code from the Location header.
import type { HttpClient, RawResponse } from '../http-client.js';
import { exchangeFailed, headerOf, loginFailed, unexpectedAnswer, type LoginResult } from './login-result.js';
import { requestTokens } from './oidc-token.js';

export const REDIRECT_URI = 'http://localhost:8080/auth/callback';
const MAX_HOPS = 6;

type Hop = { ok: true; res: RawResponse; url: URL } | { ok: false; result: LoginResult };

export async function oidcLogin(
  client: HttpClient,
  origin: string,
  login: { username: string; password: string } | 'cert',
): Promise<LoginResult> {
  // Loaded on the first login, not with the CLI: node:crypto costs every run a few milliseconds.
  const { createHash, randomBytes } = await import('node:crypto');
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL('/oidc/authorize', origin);
  const params = {
    client_id: 'native',
    response_type: 'code',
    scope: 'openid offline_access',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    redirect_uri: REDIRECT_URI,
    state,
    nonce: randomBytes(16).toString('base64url'),
  };
  for (const [k, v] of Object.entries(params)) authorize.searchParams.set(k, v);

  // 1. authorize -> the login page, which names the auth request.
  const page = await follow(client, origin, { method: 'GET', url: authorize });
  if (!page.ok) return page.result;
  if (page.res.status !== 200) return unexpectedAnswer('/oidc/authorize', page.res, origin);
  const requestId = headerOf(page.res, 'auth-request-id') ?? page.url.searchParams.get('authRequestID');
  if (!requestId)
    return loginFailed({
      kind: 'schema',
      status: 200,
      message: `OIDC login on ${origin}: the login page named no auth request id`,
    });

  // 2. credentials -> callback -> 302 to the redirect URI carrying the code.
  const form = new URLSearchParams({
    id: requestId,
    ...(login === 'cert' ? {} : { username: login.username, password: login.password }),
  });
  const loginUrl = new URL(login === 'cert' ? '/oidc/login/cert' : '/oidc/login/password', origin);
  loginUrl.searchParams.set('authRequestID', requestId);
  const done = await follow(client, origin, {
    method: 'POST',
    url: loginUrl,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  if (!done.ok) return done.result;
  if (headerOf(done.res, 'totp-required') !== undefined) {
    return loginFailed({
      kind: 'http',
      status: done.res.status,
      message: `OIDC login on ${origin} asks for a TOTP code (MFA), which ziti-status cannot enter; use --token`,
    });
  }
  return unexpectedAnswer(loginUrl.pathname, done.res, origin);

  async function follow(c: HttpClient, from: string, first: Parameters<HttpClient['send']>[0]): Promise<Hop> {
    let request = first;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const exchange = await c.send(request);
      if (!exchange.ok) return { ok: false, result: exchangeFailed(exchange) };
      const res = exchange.response;
      const location = res.status >= 300 && res.status < 400 ? headerOf(res, 'location') : undefined;
      if (location === undefined) return { ok: true, res, url: request.url };
      const next = new URL(location, request.url);
      if (next.href.startsWith(`${REDIRECT_URI}?`)) return { ok: false, result: await redeem(c, from, next) };
      if (next.origin !== from) {
        return {
          ok: false,
          result: loginFailed({
            kind: 'redirect',
            status: res.status,
            message: `OIDC login on ${from} redirected to ${next.origin}, another origin: not followed`,
          }),
        };
      }
      request = { method: 'GET', url: next };
    }
    return {
      ok: false,
      result: loginFailed({ kind: 'redirect', message: `OIDC login on ${from}: more than ${MAX_HOPS} redirects` }),
    };
  }

  // The redirect URI is never contacted: the code is in its query.
  async function redeem(c: HttpClient, from: string, callback: URL): Promise<LoginResult> {
    const code = callback.searchParams.get('code');
    if (callback.searchParams.get('state') !== state || !code) {
      return loginFailed({
        kind: 'schema',
        message: `OIDC login on ${from}: the callback carried no code or a wrong state`,
      });
    }
    return requestTokens(c, from, {
      grant_type: 'authorization_code',
      client_id: 'native',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
    });
  }
}
