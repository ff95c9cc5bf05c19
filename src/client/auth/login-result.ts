// Shared shapes of a login attempt: a session, or a failure described without any secret.
import type { Failure } from '../../evidence.js';
import type { Exchange, RawResponse } from '../http-client.js';
import type { ApiSession } from './api-session.js';

export type LoginResult = { ok: true; session: ApiSession } | { ok: false; failure: Failure };

export function loginFailed(failure: Failure): LoginResult {
  return { ok: false, failure };
}

/**
 * A login step that did not answer as expected: status, step and the controller's own reason (its
 * error code, message and the cause's reason, never the cause's value, which echoes the password).
 * Every such failure is marked `auth: 'login'`: whatever the status (a 400 for a short password on
 * the legacy login, a 404 where a forced method is not offered), the login failed.
 */
export function unexpectedAnswer(step: string, res: RawResponse, origin: string): LoginResult {
  const refused = res.status === 401 || res.status === 403;
  const { code, reason } = controllerReason(res.body);
  const failure: Failure = {
    kind: 'http',
    status: res.status,
    auth: 'login',
    message: refused
      ? `login refused by ${origin}: HTTP ${res.status} on ${step} (check the username, password or ` +
        `certificate)${reason}`
      : `login to ${origin} failed: HTTP ${res.status} on ${step}${reason}`,
  };
  if (code !== undefined) failure.code = code;
  return loginFailed(failure);
}

const MAX_REASON = 200;
/** Where the controller's own words begin in a login failure's message. */
export const SAYS = '; the controller says ';

/**
 * The error envelope's code and words, or the OIDC pages' bare {code, message}: "; the controller says CODE: message;
 * reason".
 */
export function controllerReason(body: Buffer): { code?: string; reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { reason: '' };
  }
  const record = (v: unknown): Record<string, unknown> | null =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  const text = (v: unknown): string | undefined =>
    typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, MAX_REASON) : undefined;
  const top = record(parsed);
  const error = record(top?.error) ?? top;
  if (error === null) return { reason: '' };
  const cause = record(error.cause);
  const code = text(error.code);
  const words = [text(error.message), text(cause?.reason) ?? text(cause?.message)].filter(Boolean).join('; ');
  const reason = code === undefined && words === '' ? '' : `${SAYS}${[code, words].filter(Boolean).join(': ')}`;
  return code === undefined ? { reason } : { code, reason };
}

/** Network failures during login keep their kind (refused, timeout, tls...) so reachability stays right. */
export function exchangeFailed(exchange: Exclude<Exchange, { ok: true }>): LoginResult {
  return loginFailed(exchange.failure);
}

export function headerOf(res: RawResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
