// Legacy zt-session login (1.x clusters, and 2.x without OIDC): POST authenticate?method=password|cert.
import type { HttpClient } from '../http-client.js';
import { sessionFromToken } from './api-session.js';
import { exchangeFailed, headerOf, loginFailed, unexpectedAnswer, type LoginResult } from './login-result.js';

const AUTHENTICATE = '/edge/management/v1/authenticate';

export async function legacyLogin(
  client: HttpClient,
  origin: string,
  login: { username: string; password: string } | 'cert',
): Promise<LoginResult> {
  const method = login === 'cert' ? 'cert' : 'password';
  const body = login === 'cert' ? '{}' : JSON.stringify({ username: login.username, password: login.password });
  const exchange = await client.send({
    method: 'POST',
    url: new URL(`${AUTHENTICATE}?method=${method}`, origin),
    headers: { 'content-type': 'application/json' },
    body,
  });
  if (!exchange.ok) return exchangeFailed(exchange);
  const res = exchange.response;
  if (res.status !== 200) return unexpectedAnswer(`${AUTHENTICATE}?method=${method}`, res, origin);
  const token = headerOf(res, 'zt-session') ?? tokenFromBody(res.body);
  if (!token)
    return loginFailed({
      kind: 'schema',
      status: 200,
      message: `login to ${origin}: no zt-session token in the answer of ${AUTHENTICATE}`,
    });
  return { ok: true, session: sessionFromToken(token) };
}

function tokenFromBody(body: Buffer): string | undefined {
  try {
    const token = (JSON.parse(body.toString('utf8')) as { data?: { token?: unknown } }).data?.token;
    return typeof token === 'string' && token !== '' ? token : undefined;
  } catch {
    return undefined;
  }
}
