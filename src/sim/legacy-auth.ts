// Legacy login: POST /edge/management/v1/authenticate?method=password|cert -> a zt-session token.
import { json } from './answer.js';
import type { Answer, Call } from './node-call.js';
import {
  currentApiSessionBody,
  errorBody,
  INVALID_AUTH,
  methodNotAllowedBody,
  unhandledCause,
  type ErrorCause,
} from './payloads.js';
import { jsonFields } from './request-body.js';
import type { NodeView } from './node-view.js';
import type { Principal } from './users.js';

const METHODS = ['password', 'cert', 'ext-jwt'];

/** edge-api authenticate.yml: username 4-100 characters, password 5-100, when given; go-openapi's reasons. */
function invalidField(raw: Record<string, unknown>): ErrorCause | null {
  for (const [field, min] of [
    ['username', 4],
    ['password', 5],
  ] as const) {
    const value = raw[field];
    if (value === undefined) continue;
    const reason =
      typeof value !== 'string'
        ? `${field} in body must be of type string: "${typeof value}"`
        : value.length < min
          ? `${field} in body should be at least ${min} chars long`
          : value.length > 100
            ? `${field} in body should be at most 100 chars long`
            : null;
    if (reason) return { field, reason, value };
  }
  return null;
}

export function authenticate(view: NodeView, call: Call, params: URLSearchParams): Answer {
  if (call.method !== 'POST') return json(405, methodNotAllowedBody(call.method, 'POST'));
  const method = params.get('method') ?? '';
  if (!METHODS.includes(method))
    return json(
      400,
      errorBody(400, {
        cause: { field: 'method', reason: `method in query should be one of [${METHODS.join(' ')}]`, value: method },
      }),
    );
  const body = jsonFields(call.body);
  if (!body.ok)
    return json(body.status, errorBody(body.status, { code: body.code, cause: unhandledCause(body.message) }));
  const { auth } = view;
  let principal: Principal | null = null;
  if (method === 'password') {
    const problem = invalidField(body.raw);
    if (problem) return json(400, errorBody(400, { cause: problem }));
    // cert mode: identities have certificate authenticators only.
    principal = auth.mode === 'cert' ? null : auth.users.password(body.raw.username, body.raw.password);
  } else if (method === 'cert') {
    principal = auth.users.cert(call.peer);
  }
  // ext-jwt: no external JWT signer is configured, so it always fails like a bad credential.
  if (principal === null) return json(401, errorBody(401, INVALID_AUTH));
  const session = auth.sessions.create(view.self.id, principal, call.remoteAddress);
  auth.count(view.self.id, 'logins');
  const body200 = currentApiSessionBody(session, auth.sessions.expiresAt(session), session.createdAt);
  return json(200, body200, { 'zt-session': session.token });
}
