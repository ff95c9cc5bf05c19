// The OIDC token endpoint: redeems an authorization code, or refreshes with a refresh token.
import { z } from 'zod';
import type { HttpClient } from '../http-client.js';
import { sessionFromToken } from './api-session.js';
import { exchangeFailed, loginFailed, unexpectedAnswer, type LoginResult } from './login-result.js';

const TOKEN_PATH = '/oidc/oauth/token';
const tokenResponseSchema = z.object({ access_token: z.string().min(1), refresh_token: z.string().optional() });

export async function requestTokens(
  client: HttpClient,
  origin: string,
  form: Record<string, string>,
): Promise<LoginResult> {
  const exchange = await client.send({
    method: 'POST',
    url: new URL(TOKEN_PATH, origin),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  if (!exchange.ok) return exchangeFailed(exchange);
  const res = exchange.response;
  // invalid_grant (400): the code or refresh token is no longer good, which is a refused login.
  if (res.status === 400) {
    return loginFailed({
      kind: 'http',
      status: 401,
      message: `login refused by ${origin}: ${TOKEN_PATH} answered HTTP 400 (invalid grant)`,
    });
  }
  if (res.status !== 200) return unexpectedAnswer(TOKEN_PATH, res, origin);
  let parsed: z.infer<typeof tokenResponseSchema>;
  try {
    parsed = tokenResponseSchema.parse(JSON.parse(res.body.toString('utf8')));
  } catch {
    return loginFailed({
      kind: 'schema',
      status: 200,
      message: `OIDC token answer from ${origin} has no access_token`,
    });
  }
  return {
    ok: true,
    session: sessionFromToken(parsed.access_token, parsed.refresh_token ?? form.refresh_token ?? null),
  };
}

export function refreshTokens(client: HttpClient, origin: string, refreshToken: string): Promise<LoginResult> {
  return requestTokens(client, origin, {
    grant_type: 'refresh_token',
    client_id: 'native',
    refresh_token: refreshToken,
  });
}
