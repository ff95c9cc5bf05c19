// Shared shapes of a login attempt: a session, or a failure described without any secret.
import type { Failure } from '../../evidence.js';
import type { Exchange, RawResponse } from '../http-client.js';
import type { ApiSession } from './api-session.js';

export type LoginResult = { ok: true; session: ApiSession } | { ok: false; failure: Failure };

export function loginFailed(failure: Failure): LoginResult {
  return { ok: false, failure };
}

/** A login step that did not answer as expected: status and step named, the body never echoed. */
export function unexpectedAnswer(step: string, res: RawResponse, origin: string): LoginResult {
  const refused = res.status === 401 || res.status === 403;
  return loginFailed({
    kind: 'http',
    status: res.status,
    message: refused
      ? `login refused by ${origin}: HTTP ${res.status} on ${step} (check the username, password or certificate)`
      : `login to ${origin} failed: HTTP ${res.status} on ${step}`,
  });
}

/** Network failures during login keep their kind (refused, timeout, tls...) so reachability stays right. */
export function exchangeFailed(exchange: Exclude<Exchange, { ok: true }>): LoginResult {
  return loginFailed(exchange.failure);
}

export function headerOf(res: RawResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
