// Turns one HTTP exchange into an Outcome: status accepted, JSON parsed, schema checked, and every
// failure described with the evidence (status, server error code, field path).
import type { z } from 'zod';
import type { Failure, Outcome } from '../evidence.js';
import { apiErrorEnvelopeSchema } from '../schemas/api-error.js';
import { shapeCheckOf } from '../schemas/shape-check.js';
import type { HttpClient, RawResponse } from './http-client.js';

export interface JsonSpec<T> {
  schema: z.ZodType<T>;
  /** Statuses whose body carries the payload (the raft check answers 429 on followers). */
  acceptStatus: readonly number[];
}

/** A GET, or with `json` a POST of that body (the inspections API). */
export async function fetchJson<T>(
  client: HttpClient,
  url: URL,
  spec: JsonSpec<T>,
  headers: Record<string, string> = {},
  json?: string,
): Promise<Outcome<T>> {
  const exchange =
    json === undefined
      ? await client.get(url, headers)
      : await client.send({
          method: 'POST',
          url,
          headers: { ...headers, 'content-type': 'application/json' },
          body: json,
        });
  if (!exchange.ok) return exchange.latencyMs === undefined ? { ok: false, failure: exchange.failure } : exchange;
  return interpret(exchange.response, url, spec, Object.keys(headers).length > 0);
}

/** `sentCredentials`: the request carried a session, so a 401 without a challenge is a missing right. */
export function interpret<T>(res: RawResponse, url: URL, spec: JsonSpec<T>, sentCredentials = false): Outcome<T> {
  const where = url.pathname;
  const fail = (failure: Failure): Outcome<T> => ({ ok: false, failure, latencyMs: res.latencyMs });
  if (res.status >= 300 && res.status < 400) {
    return fail({
      kind: 'redirect',
      status: res.status,
      message: `HTTP ${res.status} redirect on ${where}${redirectTarget(res)}, not followed`,
    });
  }
  const parsed = parseJson(res.body);
  const body = parsed.ok ? parsed.value : undefined;
  if (!spec.acceptStatus.includes(res.status)) return fail(httpFailure(res, where, body, sentCredentials));
  // The payload as parsed when it plainly has the schema's shape; zod (which copies) otherwise.
  if (parsed.ok && shapeCheckOf(spec.schema)?.(parsed.value) === true)
    return { ok: true, value: parsed.value as T, status: res.status, latencyMs: res.latencyMs };
  const checked = parsed.ok ? spec.schema.safeParse(parsed.value) : undefined;
  if (checked?.success) return { ok: true, value: checked.data, status: res.status, latencyMs: res.latencyMs };
  // An error status accepted for its body (the raft check's 429) but without that body is what its
  // status says (a rate limiter's 429), not a malformed payload; a JSON body that is neither the
  // payload nor an error envelope is named, so a broken raft check is not taken for a rate limiter.
  if (res.status >= 400) {
    const failure = httpFailure(res, where, body, sentCredentials);
    if (checked && !apiErrorEnvelopeSchema.safeParse(body).success)
      failure.message += ` (not the expected payload: ${describeIssue(checked.error)})`;
    return fail(failure);
  }
  if (!parsed.ok)
    return fail({ kind: 'invalid-json', status: res.status, message: `invalid JSON on ${where}: ${parsed.error}` });
  const issue = checked ? describeIssue(checked.error) : 'schema mismatch';
  return fail({ kind: 'schema', status: res.status, message: `unexpected payload on ${where}: ${issue}` });
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function httpFailure(res: RawResponse, where: string, body: unknown, sentCredentials: boolean): Failure {
  const envelope = apiErrorEnvelopeSchema.safeParse(body);
  const code = envelope.success ? envelope.data.error.code : undefined;
  const retryAfter = res.status === 429 ? headerValue(res, 'retry-after') : undefined;
  const parts = [
    `HTTP ${res.status}`,
    code ? `(${code})` : '',
    `on ${where}`,
    retryAfter ? `, retry after ${retryAfter}s` : '',
  ];
  const failure: Failure = {
    kind: 'http',
    status: res.status,
    message: parts.filter(Boolean).join(' ').replace(' ,', ','),
  };
  if (code !== undefined) failure.code = code;
  const refusal = authFailureOf(res, body, sentCredentials);
  if (refusal !== undefined) failure.auth = refusal;
  return failure;
}

/**
 * 401 with a WWW-Authenticate challenge: the session was refused. 401 without one, with the error
 * envelope and no cause: what v2.0.3 answers an accepted session that lacks a permission (its
 * fabric and edge APIs map 403 to 401). A 401 with neither (a proxy's page), or to a request that
 * carried no session (withSession tells "no login given" apart), stays a refusal.
 */
function authFailureOf(res: RawResponse, body: unknown, sentCredentials: boolean): Failure['auth'] {
  if (res.status === 403) return 'permission';
  if (res.status !== 401) return undefined;
  if (!sentCredentials || headerValue(res, 'www-authenticate') !== undefined) return 'refused';
  const error = apiErrorEnvelopeSchema.safeParse(body);
  const cause = error.success ? (body as { error: { cause?: unknown } }).error.cause : undefined;
  return error.success && cause === undefined ? 'permission' : 'refused';
}

function redirectTarget(res: RawResponse): string {
  const location = headerValue(res, 'location');
  if (location === undefined) return '';
  try {
    // Only the origin: a Location's query could carry tokens.
    return (
      ` ` +
      `to ${new URL(location, 'http://relative.invalid').origin.replace('http://relative.invalid', 'the same origin')}`
    );
  } catch {
    return '';
  }
}

function headerValue(res: RawResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'schema mismatch';
  const path = issue.path.length === 0 ? '(root)' : formatPath(issue.path);
  return `${path}: ${issue.message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}
