// Login request bodies: form-urlencoded or JSON, flattened to string fields.
import type { Call } from './node-call.js';

export type BodyFields =
  | { ok: true; fields: Record<string, string>; raw: Record<string, unknown> }
  | { ok: false; status: number; code: string; message: string };

function header(call: Call, name: string): string {
  const value = call.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/**
 * The OIDC login pages compare the content type exactly (controller/oidc_auth/negotiate.go): a
 * `; charset=...` suffix is not one of the two supported types.
 */
export function loginFields(call: Call): BodyFields {
  const type = header(call, 'content-type');
  if (type === 'application/x-www-form-urlencoded') {
    const fields = Object.fromEntries(new URLSearchParams(call.body));
    return { ok: true, fields, raw: fields };
  }
  if (type === 'application/json') return jsonFields(call.body);
  return {
    ok: false,
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message:
      `the content type: ${type}, is not supported ` +
      '(supported: application/x-www-form-urlencoded, application/json)',
  };
}

/** The token endpoint reads a form (OAuth 2); anything else leaves every field empty. */
export function formFields(call: Call): Record<string, string> {
  const type = header(call, 'content-type').split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded' ? Object.fromEntries(new URLSearchParams(call.body)) : {};
}

/** A JSON object body (empty means `{}`): `fields` keeps its string values, `raw` everything. */
export function jsonFields(body: string): BodyFields {
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? {} : JSON.parse(body);
  } catch (err) {
    return {
      ok: false,
      status: 400,
      code: 'COULD_NOT_PARSE_BODY',
      message: `the body is not JSON: ${(err as Error).message}`,
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, status: 400, code: 'COULD_NOT_VALIDATE', message: 'the body must be a JSON object' };
  }
  const raw = parsed as Record<string, unknown>;
  const fields = Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string');
  return { ok: true, fields: Object.fromEntries(fields), raw };
}
