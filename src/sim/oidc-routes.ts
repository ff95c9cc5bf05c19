// The OIDC provider under /oidc: authorization code + PKCE for client `native`, with OpenZiti's login
// hops (controller/oidc_auth/login.go, provider.go) and zitadel's OAuth error answers.
import { randomUUID } from 'node:crypto';
import { json, redirect, text } from './answer.js';
import type { Answer, Call } from './node-call.js';
import { s256 } from './oidc-requests.js';
import { INVALID_AUTH } from './payloads.js';
import { formFields, loginFields } from './request-body.js';
import type { NodeView } from './node-view.js';
import type { AuthMethod } from './users.js';

/** The native client's allowed redirect URIs (OpenZiti's defaults: any port on the loopback host names). */
const REDIRECT_URIS = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/auth\/callback$/;

// v2.0.3's token endpoint sends no cache-control or pragma, on errors or on tokens.
const oauthError = (status: number, error: string, description: string): Answer =>
  json(status, { error, error_description: description });

/** Errors after the redirect URI is known go back to it, as OAuth 2 prescribes. */
function errorRedirect(redirectUri: string, error: string, description: string, state: string): Answer {
  const target = new URL(redirectUri);
  target.searchParams.set('error', error);
  target.searchParams.set('error_description', description);
  if (state) target.searchParams.set('state', state);
  return redirect(target.href);
}

/**
 * The issuer comes from the request's Host (zitadel's IssuerFromRequest), so redirects stay on the origin the client
 * used.
 */
function issuerOf(view: NodeView, call: Call): string {
  const self = new URL(view.self.url);
  const host = typeof call.headers.host === 'string' && call.headers.host !== '' ? call.headers.host : self.host;
  return `${self.protocol}//${host}/oidc`;
}

function authorize(view: NodeView, call: Call, params: URLSearchParams): Answer {
  if (params.get('client_id') !== 'native') return oauthError(400, 'invalid_request', 'unknown client_id');
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!REDIRECT_URIS.test(redirectUri))
    return oauthError(400, 'invalid_request', 'The requested redirect_uri is missing in the client configuration.');
  const state = params.get('state') ?? '';
  if (params.get('response_type') !== 'code')
    return errorRedirect(redirectUri, 'unsupported_response_type', 'only response_type=code is supported', state);
  const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (!scopes.includes('openid'))
    return errorRedirect(redirectUri, 'invalid_scope', 'The scope openid is missing in your request.', state);
  const codeChallenge = params.get('code_challenge') ?? '';
  if (codeChallenge === '' || params.get('code_challenge_method') !== 'S256') {
    return errorRedirect(
      redirectUri,
      'invalid_request',
      'code_challenge with code_challenge_method=S256 is required',
      state,
    );
  }
  const request = view.auth.requests.create(view.self.id, {
    redirectUri,
    state,
    nonce: params.get('nonce') ?? '',
    scopes,
    codeChallenge,
  });
  // An explicit ?method= wins; otherwise a (verified) client certificate selects the certificate login.
  const method = params.get('method');
  const cert = method === 'cert' || (method !== 'password' && view.auth.users.cert(call.peer) !== null);
  return redirect(`/oidc/login/${cert ? 'cert' : 'username'}?authRequestID=${encodeURIComponent(request.id)}`);
}

const LOGIN_PAGE = (id: string) =>
  `<!DOCTYPE html><html><body><form method="post" action="/oidc/login/password">` +
  `<input type="hidden" name="id" value="${id.replace(/[^A-Za-z0-9-]/g, '')}">` +
  '<input name="username"><input name="password" type="password"><button ' +
  'type="submit">Login</button></form></body></html>';

function loginPage(params: URLSearchParams, method: AuthMethod): Answer {
  const id = params.get('authRequestID') ?? '';
  const headers = { 'auth-request-id': id };
  return method === 'cert'
    ? text(200, 'please POST to this URL', 'text/plain; charset=utf-8', headers)
    : text(200, LOGIN_PAGE(id), 'text/html; charset=utf-8', headers);
}

/** POST /oidc/login/{username,password,cert}: JSON errors are bare `{code, message}` objects (no envelope). */
function login(view: NodeView, call: Call, params: URLSearchParams, method: AuthMethod): Answer {
  const body = loginFields(call);
  if (!body.ok) return json(body.status, { code: body.code, message: body.message });
  const id = body.fields.id || params.get('id') || params.get('authRequestID') || '';
  const { auth } = view;
  const request = auth.requests.get(view.self.id, id);
  // An unknown request (expired, or started on another controller) is not an ApiError in OpenZiti: plain UNAUTHORIZED.
  if (!request)
    return json(401, {
      code: 'UNAUTHORIZED',
      message: 'The request could not be completed. The session is not authorized or the credentials are invalid',
    });
  const principal =
    method === 'cert' ? auth.users.cert(call.peer) : auth.users.password(body.fields.username, body.fields.password);
  if (principal === null) return json(401, INVALID_AUTH);
  auth.requests.loggedIn(request, principal);
  auth.count(view.self.id, 'logins');
  return redirect(`${issuerOf(view, call)}/authorize/callback?id=${encodeURIComponent(request.id)}`, call.method);
}

function callback(view: NodeView, params: URLSearchParams): Answer {
  const request = view.auth.requests.get(view.self.id, params.get('id') ?? '');
  if (!request) return oauthError(400, 'invalid_request', 'auth request not found');
  if (request.principal === null)
    return errorRedirect(
      request.redirectUri,
      'login_required',
      'the auth request has no completed login',
      request.state,
    );
  const target = new URL(request.redirectUri);
  target.searchParams.set('code', view.auth.requests.issueCode(view.self.id, request));
  if (request.state) target.searchParams.set('state', request.state);
  return redirect(target.href);
}

function token(view: NodeView, call: Call): Answer {
  const form = formFields(call);
  const grantType = form.grant_type ?? '';
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return oauthError(400, 'unsupported_grant_type', `${grantType || '(none)'} not supported`);
  }
  if (form.client_id !== 'native') return oauthError(401, 'invalid_client', 'client not found');
  const { auth } = view;
  const node = view.self.id;
  const issuer = issuerOf(view, call);
  if (grantType === 'refresh_token') {
    const claims = auth.tokens.verify(form.refresh_token ?? '', 'r');
    if (!claims) return oauthError(400, 'invalid_grant', 'invalid refresh token');
    auth.count(node, 'refreshGrants');
    return json(200, auth.tokens.mint(node, issuer, auth.tokens.grantOf(claims)));
  }
  // Codes live only on the controller that issued them: redeeming one elsewhere is an invalid grant.
  const request = auth.requests.byCode(node, form.code ?? '');
  if (!request || request.principal === null) return oauthError(400, 'invalid_grant', 'invalid code');
  if (s256(form.code_verifier ?? '') !== request.codeChallenge)
    return oauthError(400, 'invalid_grant', 'invalid code challenge');
  if (form.redirect_uri !== request.redirectUri)
    return oauthError(400, 'invalid_grant', 'redirect_uri does not correspond');
  auth.requests.finish(node, request);
  auth.count(node, 'codeGrants');
  const grant = {
    principal: request.principal,
    scopes: request.scopes,
    apiSessionId: randomUUID(),
    authTime: request.authTime,
    nonce: request.nonce,
    code: form.code ?? '',
    remoteAddress: call.remoteAddress.replace(/^::ffff:/, ''),
  };
  return json(200, auth.tokens.mint(node, issuer, grant));
}

function discovery(issuer: string): Answer {
  return json(200, {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/keys`,
    scopes_supported: ['openid', 'offline_access'],
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    openziti_endpoints: { password: `${issuer}/login/password`, cert: `${issuer}/login/cert` },
  });
}

export function oidcRoute(view: NodeView, call: Call, path: string, params: URLSearchParams): Answer {
  const get = call.method === 'GET' || call.method === 'HEAD';
  const post = call.method === 'POST';
  // gorilla/mux answers a wrong method with an empty 405 and an unknown path with a plain-text 404.
  const notAllowed = text(405, '', 'text/plain; charset=utf-8');
  switch (path) {
    case '/oidc/authorize':
      return get ? authorize(view, call, params) : notAllowed;
    case '/oidc/authorize/callback':
      return get ? callback(view, params) : notAllowed;
    case '/oidc/login/username':
    case '/oidc/login/password':
      return get ? loginPage(params, 'password') : post ? login(view, call, params, 'password') : notAllowed;
    case '/oidc/login/cert':
      return get ? loginPage(params, 'cert') : post ? login(view, call, params, 'cert') : notAllowed;
    case '/oidc/oauth/token':
      return post ? token(view, call) : notAllowed;
    case '/oidc/.well-known/openid-configuration':
      return get ? discovery(issuerOf(view, call)) : notAllowed;
    default:
      return text(404, '404 page not found\n', 'text/plain; charset=utf-8');
  }
}
