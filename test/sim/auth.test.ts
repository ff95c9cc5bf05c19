// Authentication of the simulated cluster, driven by hand: legacy zt-sessions, certificate logins,
// the OIDC code + PKCE flow hop by hop, tokens across nodes, expiry, revocation and permissions.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { ScenarioInput } from '../../src/sim/index.js';
import { testPki } from '../helpers/pki.js';
import { agent, form, postJson, send, type SendOptions } from './helpers.js';
import type { ApiErrorBody, ApiSessionBody, LoginErrorBody, OAuthErrorBody, VersionBody } from './bodies.js';
import { REDIRECT_URI, authorizeUrl, bearer, claimsOf, codeFor, oidcLogin, pkce, type Tokens } from './oidc-flow.js';
import { useResources } from './resources.js';

const pki = testPki();
const { start, agent: newAgent } = useResources();
afterAll(async () => {
  await agent.close();
});

const CONTROLLERS = '/edge/management/v1/controllers';
const MEMBERS = '/fabric/v1/cluster/list-members';
const AUTHENTICATE = '/edge/management/v1/authenticate';
const session = (token: string) => ({ headers: { 'zt-session': token } });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function legacyLogin(
  url: string,
  username = 'admin',
  password = 'admin',
  extra: SendOptions = {},
): Promise<string> {
  const reply = await send<ApiSessionBody>(`${url}${AUTHENTICATE}?method=password`, {
    ...postJson({ username, password }),
    ...extra,
  });
  if (reply.status !== 200) throw new Error(`login: HTTP ${reply.status} ${reply.text}`);
  return reply.body.data.token;
}

/** HTTPS with a client-certificate request, so certificate logins can be tried. */
const mtls = { tls: { key: pki.server.key, cert: pki.server.cert, ca: pki.ca.cert, requestCert: true } };

describe('legacy password login', () => {
  it(
    'answers a zt-session (header and data.token) that opens the protected endpoints; version and health ' +
      'stay open',
    async () => {
      const c = await start({ nodes: 2, auth: 'legacy' });
      const url = c.url('ctrl1');
      const refused = await send<ApiErrorBody>(`${url}${CONTROLLERS}`);
      expect([refused.status, refused.body.error.code]).toEqual([401, 'UNAUTHORIZED']);
      expect((await send(`${url}${MEMBERS}`)).status).toBe(401);
      const version = await send<VersionBody>(`${url}/edge/management/v1/version`);
      expect([version.status, version.body.data.capabilities]).toEqual([200, ['HA_CONTROLLER']]);
      expect((await send(`${url}/health-checks`)).status).toBe(200);
      expect((await send(`${url}/health-checks/controller/raft`)).status).toBe(200);

      const started = Date.now();
      const login = await send<ApiSessionBody>(
        `${url}${AUTHENTICATE}?method=password`,
        postJson({ username: 'admin', password: 'admin' }),
      );
      expect(login.status).toBe(200);
      expect(login.body.data.token).toMatch(UUID);
      expect(login.headers['zt-session']).toBe(login.body.data.token);
      expect(login.body.data.identity).toMatchObject({ entity: 'identities', name: 'admin' });
      expect(Date.parse(login.body.data.expiresAt) - started).toBeGreaterThanOrEqual(1_800_000 - 1000);
      expect(login.body.data.expirationSeconds).toBe(1800);

      const token = login.body.data.token;
      expect((await send(`${url}${CONTROLLERS}`, session(token))).status).toBe(200);
      expect((await send(`${url}${MEMBERS}`, session(token))).status).toBe(200);
      expect([c.loginCount('ctrl1'), c.loginCount('ctrl2'), c.loginCount()]).toEqual([1, 0, 1]);
      expect(c.requestLog('ctrl1').slice(-3)).toEqual([
        { method: 'POST', path: AUTHENTICATE, hasAuth: false, status: 200 },
        { method: 'GET', path: CONTROLLERS, hasAuth: true, status: 200 },
        { method: 'GET', path: MEMBERS, hasAuth: true, status: 200 },
      ]);
      // No OIDC provider in legacy mode.
      expect((await send(authorizeUrl(url, pkce().challenge))).status).toBe(404);
    },
  );

  it(
    'a wrong password or an unknown user is a 401 INVALID_AUTH and counts no login; a too-short password ' + 'is a 400',
    async () => {
      const c = await start({ nodes: 1, auth: 'legacy', users: [{ username: 'admin', password: 'secret-pw' }] });
      for (const body of [
        { username: 'admin', password: 'not-the-one' },
        { username: 'nobody', password: 'secret-pw' },
        {},
      ]) {
        const reply = await send<ApiErrorBody>(`${c.url('ctrl1')}${AUTHENTICATE}?method=password`, postJson(body));
        expect([reply.status, reply.body.error.code]).toEqual([401, 'INVALID_AUTH']);
        expect(reply.headers['zt-session']).toBeUndefined();
      }
      const short = await send<ApiErrorBody>(
        `${c.url('ctrl1')}${AUTHENTICATE}?method=password`,
        postJson({ username: 'admin', password: 'pw' }),
      );
      expect([short.status, short.body.error.code]).toEqual([400, 'COULD_NOT_VALIDATE']);
      const badMethod = await send(`${c.url('ctrl1')}${AUTHENTICATE}?method=kerberos`, postJson({}));
      expect(badMethod.status).toBe(400);
      expect(c.loginCount()).toBe(0);
      expect(await legacyLogin(c.url('ctrl1'), 'admin', 'secret-pw')).toMatch(UUID);
    },
  );

  it('an unknown zt-session or a Bearer token is a 401', async () => {
    const c = await start({ nodes: 1, auth: 'legacy' });
    expect((await send(`${c.url('ctrl1')}${CONTROLLERS}`, session(randomUUID()))).status).toBe(401);
    expect((await send(`${c.url('ctrl1')}${CONTROLLERS}`, bearer('a.b.c'))).status).toBe(401);
    expect(c.requestLog('ctrl1').map((e) => e.hasAuth)).toEqual([true, true]);
  });

  it('sessions belong to the controller that minted them, unless sharedSessions', async () => {
    const perNode = await start({ nodes: 2, auth: 'legacy' });
    const token = await legacyLogin(perNode.url('ctrl1'));
    expect((await send(`${perNode.url('ctrl1')}${CONTROLLERS}`, session(token))).status).toBe(200);
    expect((await send(`${perNode.url('ctrl2')}${CONTROLLERS}`, session(token))).status).toBe(401);

    const shared = await start({ nodes: 2, auth: 'legacy', sharedSessions: true });
    const sharedToken = await legacyLogin(shared.url('ctrl1'));
    expect((await send(`${shared.url('ctrl2')}${CONTROLLERS}`, session(sharedToken))).status).toBe(200);
  });

  it(
    'expireTokens() ends every session (401 until a new ' + 'login); revokeSessions(id) only those minted by id',
    async () => {
      const c = await start({ nodes: 2, auth: 'legacy', sharedSessions: true });
      const first = await legacyLogin(c.url('ctrl1'));
      c.expireTokens();
      expect((await send(`${c.url('ctrl1')}${CONTROLLERS}`, session(first))).status).toBe(401);
      const fromCtrl1 = await legacyLogin(c.url('ctrl1'));
      const fromCtrl2 = await legacyLogin(c.url('ctrl2'));
      c.revokeSessions('ctrl1');
      expect((await send(`${c.url('ctrl2')}${CONTROLLERS}`, session(fromCtrl1))).status).toBe(401);
      expect((await send(`${c.url('ctrl1')}${CONTROLLERS}`, session(fromCtrl2))).status).toBe(200);
      c.revokeSessions();
      expect((await send(`${c.url('ctrl2')}${CONTROLLERS}`, session(fromCtrl2))).status).toBe(401);
      expect(c.authStats()).toEqual({ logins: 3, codeGrants: 0, refreshGrants: 0 });
    },
  );

  it(
    'a non-admin user reads controllers but gets the v2.0.3 missing-permission 401 on list-members (admin ' + 'only)',
    async () => {
      const c = await start({
        nodes: 1,
        auth: 'legacy',
        users: [
          { username: 'admin', password: 'admin' },
          { username: 'reader', password: 'reader', admin: false },
        ],
      });
      const token = await legacyLogin(c.url('ctrl1'), 'reader', 'reader');
      expect((await send(`${c.url('ctrl1')}${CONTROLLERS}`, session(token))).status).toBe(200);
      const forbidden = await send<ApiErrorBody>(`${c.url('ctrl1')}${MEMBERS}`, session(token));
      // As real v2.0.3 answers (list-members-forbidden.json): 401, no WWW-Authenticate challenge, no cause.
      expect([forbidden.status, forbidden.body.error.code]).toEqual([401, 'UNAUTHORIZED']);
      expect(forbidden.headers['www-authenticate']).toBeUndefined();
      expect(forbidden.body.error).not.toHaveProperty('cause');
    },
  );

  it('without auth (the default) nothing needs a credential, and a legacy login still works', async () => {
    const c = await start({ nodes: 1 });
    expect((await send(`${c.url('ctrl1')}${MEMBERS}`)).status).toBe(200);
    expect((await send(`${c.url('ctrl1')}${MEMBERS}`, session(randomUUID()))).status).toBe(200);
    expect(await legacyLogin(c.url('ctrl1'))).toMatch(UUID);
  });
});

describe('certificate login (method=cert, needs HTTPS with requestCert)', () => {
  it('a CA-verified client certificate logs in as its CN; without one, or with an unverified one, 401', async () => {
    const c = await start({ nodes: 1, auth: 'legacy' }, mtls);
    const url = c.url('ctrl1');
    const withCert = newAgent({ ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key });
    const login = await send<ApiSessionBody>(`${url}${AUTHENTICATE}?method=cert`, {
      ...postJson({}),
      dispatcher: withCert,
    });
    expect(login.status).toBe(200);
    expect(login.body.data.identity.name).toBe('admin-client');
    expect((await send(`${url}${MEMBERS}`, { ...session(login.body.data.token), dispatcher: withCert })).status).toBe(
      200,
    );

    const anonymous = await send<ApiErrorBody>(`${url}${AUTHENTICATE}?method=cert`, {
      ...postJson({}),
      dispatcher: newAgent({ ca: pki.ca.cert }),
    });
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'INVALID_AUTH']);
    // A certificate the server's CA did not sign (the self-signed one) passes the handshake but not the login.
    const foreign = newAgent({ ca: pki.ca.cert, cert: pki.selfSigned.cert, key: pki.selfSigned.key });
    expect((await send(`${url}${AUTHENTICATE}?method=cert`, { ...postJson({}), dispatcher: foreign })).status).toBe(
      401,
    );
    expect(c.loginCount('ctrl1')).toBe(1);
  });

  it('over plain HTTP there is no certificate: 401', async () => {
    const c = await start({ nodes: 1, auth: 'legacy' });
    expect((await send(`${c.url('ctrl1')}${AUTHENTICATE}?method=cert`, postJson({}))).status).toBe(401);
  });

  it("auth 'cert' accepts certificate logins only", async () => {
    const c = await start({ nodes: 1, auth: 'cert' }, mtls);
    const withCert = newAgent({ ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key });
    const password = await send<ApiErrorBody>(`${c.url('ctrl1')}${AUTHENTICATE}?method=password`, {
      ...postJson({ username: 'admin', password: 'admin' }),
      dispatcher: withCert,
    });
    expect([password.status, password.body.error.code]).toEqual([401, 'INVALID_AUTH']);
    const cert = await send<ApiSessionBody>(`${c.url('ctrl1')}${AUTHENTICATE}?method=cert`, {
      ...postJson({}),
      dispatcher: withCert,
    });
    expect(cert.status).toBe(200);
    // the certificate alone is no session
    expect((await send(`${c.url('ctrl1')}${CONTROLLERS}`, { dispatcher: withCert })).status).toBe(401);
    expect(
      (await send(`${c.url('ctrl1')}${CONTROLLERS}`, { ...session(cert.body.data.token), dispatcher: withCert }))
        .status,
    ).toBe(200);
  });
});

const oidc = (extra: Partial<ScenarioInput> = {}): ScenarioInput => ({ nodes: 3, auth: 'oidc', ...extra });

describe('OIDC authorization code + PKCE', () => {
  it('follows the real hops one by one, and the access token works on every node', async () => {
    const c = await start(oidc());
    const origin = c.url('ctrl1');
    const version = await send<VersionBody>(`${origin}/edge/management/v1/version`);
    // as v2.0.3 lists them
    expect(version.body.data.capabilities).toEqual(['OIDC_AUTH', 'OIDC_AUTH_WITH_CSR', 'HA_CONTROLLER']);
    const { verifier, challenge } = pkce();

    // 1. authorize -> the username login page, naming the auth request.
    const authorize = await send(authorizeUrl(origin, challenge));
    expect(authorize.status).toBe(302);
    const loginPath = authorize.headers.location as string;
    expect(loginPath).toMatch(/^\/oidc\/login\/username\?authRequestID=[0-9a-f-]{36}$/);
    const id = new URL(loginPath, origin).searchParams.get('authRequestID') as string;
    const page = await send(`${origin}${loginPath}`);
    expect([page.status, page.headers['auth-request-id']]).toEqual([200, id]);
    expect(page.headers['content-type']).toMatch(/^text\/html/);

    // 2. credentials -> the callback on the same origin -> the redirect URI with code and state.
    const login = await send(
      `${origin}/oidc/login/password?authRequestID=${id}`,
      form({ id, username: 'admin', password: 'admin' }),
    );
    expect([login.status, login.headers.location]).toEqual([302, `${origin}/oidc/authorize/callback?id=${id}`]);
    const callback = await send(login.headers.location as string);
    expect(callback.status).toBe(302);
    const redirected = new URL(callback.headers.location as string);
    expect(`${redirected.origin}${redirected.pathname}`).toBe(REDIRECT_URI);
    expect(redirected.searchParams.get('state')).toBe('st4te');
    const code = redirected.searchParams.get('code') as string;
    expect(code).not.toBe('');

    // 3. the token endpoint.
    const tokens = await send<Tokens>(
      `${origin}/oidc/oauth/token`,
      form({
        grant_type: 'authorization_code',
        client_id: 'native',
        code,
        code_verifier: verifier,
        redirect_uri: REDIRECT_URI,
      }),
    );
    expect(tokens.status).toBe(200);
    // v2.0.3 sends none (test/fixtures/real-v2.0.3/oidc-token.json)
    expect(tokens.headers['cache-control']).toBeUndefined();
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
    const access = claimsOf(tokens.body.access_token);
    expect(access).toMatchObject({ iss: `${origin}/oidc`, z_t: 'a', z_ia: true, amr: ['password'] });
    expect(access.exp - access.iat).toBe(1800);
    const refresh = claimsOf(tokens.body.refresh_token);
    expect([refresh.z_t, refresh.exp - refresh.iat]).toEqual(['r', 86_400]);
    expect(claimsOf(tokens.body.id_token)).toMatchObject({ nonce: 'n0nce', name: 'admin', sub: access.sub });

    // 4. Bearer: one login, valid on every node (one signer for the cluster).
    for (const node of ['ctrl1', 'ctrl2', 'ctrl3']) {
      expect((await send(`${c.url(node)}${MEMBERS}`, bearer(tokens.body.access_token))).status).toBe(200);
    }
    expect(c.authStats('ctrl1')).toEqual({ logins: 1, codeGrants: 1, refreshGrants: 0 });
    expect([c.loginCount('ctrl1'), c.loginCount('ctrl2')]).toEqual([2, 0]);
    expect(c.requestLog('ctrl1').map(({ method, path, hasAuth }) => `${method} ${path} ${hasAuth}`)).toEqual([
      'GET /edge/management/v1/version false',
      'GET /oidc/authorize false',
      'GET /oidc/login/username false',
      'POST /oidc/login/password false',
      'GET /oidc/authorize/callback false',
      'POST /oidc/oauth/token false',
      `GET ${MEMBERS} true`,
    ]);
    expect(c.requestLog('ctrl2')).toEqual([{ method: 'GET', path: MEMBERS, hasAuth: true, status: 200 }]);
  });

  it('takes a JSON login body on /oidc/login/username with the id only in ?authRequestID', async () => {
    const c = await start(oidc({ nodes: 1 }));
    const origin = c.url('ctrl1');
    const id = new URL(
      (await send(authorizeUrl(origin, pkce().challenge))).headers.location as string,
      origin,
    ).searchParams.get('authRequestID');
    const login = await send(
      `${origin}/oidc/login/username?authRequestID=${id}`,
      postJson({ username: 'admin', password: 'admin' }),
    );
    expect([login.status, login.headers.location]).toEqual([302, `${origin}/oidc/authorize/callback?id=${id}`]);
    // The login pages compare the content type exactly, as OpenZiti does.
    const charset = await send<LoginErrorBody>(`${origin}/oidc/login/username?authRequestID=${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{}',
    });
    expect([charset.status, charset.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('a verified client certificate leads to the certificate login, which needs no password', async () => {
    const c = await start(oidc({ nodes: 2 }), mtls);
    const origin = c.url('ctrl1');
    const withCert = newAgent({ ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key });
    const authorize = await send(authorizeUrl(origin, pkce().challenge), { dispatcher: withCert });
    expect(authorize.headers.location).toMatch(/^\/oidc\/login\/cert\?authRequestID=/);
    const id = new URL(authorize.headers.location as string, origin).searchParams.get('authRequestID') as string;
    const page = await send(`${origin}${authorize.headers.location}`, { dispatcher: withCert });
    expect([page.status, page.headers['auth-request-id']]).toEqual([200, id]);
    const login = await send(`${origin}/oidc/login/cert`, { ...form({ id }), dispatcher: withCert });
    expect([login.status, login.headers.location]).toEqual([302, `${origin}/oidc/authorize/callback?id=${id}`]);

    const tokens = await oidcLogin(origin, 'cert', withCert);
    expect(claimsOf(tokens.access_token)).toMatchObject({ amr: ['cert'] });
    expect(
      (await send(`${c.url('ctrl2')}${CONTROLLERS}`, { ...bearer(tokens.access_token), dispatcher: withCert })).status,
    ).toBe(200);
    // Without a certificate: the password page, and the certificate login refuses.
    const anonymous = newAgent({ ca: pki.ca.cert });
    const plain = await send(authorizeUrl(origin, pkce().challenge), { dispatcher: anonymous });
    expect(plain.headers.location).toMatch(/^\/oidc\/login\/username\?/);
    const plainId = new URL(plain.headers.location as string, origin).searchParams.get('authRequestID') as string;
    const refused = await send(`${origin}/oidc/login/cert`, { ...form({ id: plainId }), dispatcher: anonymous });
    expect([refused.status, refused.body]).toEqual([
      401,
      { code: 'INVALID_AUTH', message: 'The authentication request failed' },
    ]);
  });

  it('a wrong password is a 401 INVALID_AUTH; an unknown auth request a 401 UNAUTHORIZED; neither counts', async () => {
    const c = await start(oidc({ nodes: 2 }));
    const origin = c.url('ctrl1');
    const id = new URL(
      (await send(authorizeUrl(origin, pkce().challenge))).headers.location as string,
      origin,
    ).searchParams.get('authRequestID') as string;
    const wrong = await send<LoginErrorBody>(
      `${origin}/oidc/login/password`,
      form({ id, username: 'admin', password: 'wrong' }),
    );
    expect([wrong.status, wrong.body.code]).toEqual([401, 'INVALID_AUTH']);
    expect(wrong.headers.location).toBeUndefined();
    // Auth requests live on the controller that started them.
    const elsewhere = await send<LoginErrorBody>(
      `${c.url('ctrl2')}/oidc/login/password`,
      form({ id, username: 'admin', password: 'admin' }),
    );
    expect([elsewhere.status, elsewhere.body.code]).toEqual([401, 'UNAUTHORIZED']);
    expect(c.loginCount()).toBe(0);
  });

  it(
    'the token endpoint checks PKCE, single use, the ' + 'redirect URI and the issuing node: 400 invalid_grant',
    async () => {
      const c = await start(oidc({ nodes: 2 }));
      const origin = c.url('ctrl1');
      const { code, verifier } = await codeFor(origin, { username: 'admin', password: 'admin' });
      const redeem = (url: string, fields: Record<string, string>) =>
        send<OAuthErrorBody>(
          `${url}/oidc/oauth/token`,
          form({
            grant_type: 'authorization_code',
            client_id: 'native',
            code,
            code_verifier: verifier,
            redirect_uri: REDIRECT_URI,
            ...fields,
          }),
        );
      const mismatch = await redeem(origin, { code_verifier: pkce().verifier });
      expect([mismatch.status, mismatch.body.error]).toEqual([400, 'invalid_grant']);
      expect((await redeem(origin, { redirect_uri: 'http://localhost:9999/auth/callback' })).body.error).toBe(
        'invalid_grant',
      );
      expect((await redeem(c.url('ctrl2'), {})).body.error).toBe('invalid_grant'); // codes are not replicated
      expect((await redeem(origin, { client_id: 'other' })).status).toBe(401);
      expect((await redeem(origin, {})).status).toBe(200); // failed attempts did not use the code up
      expect((await redeem(origin, {})).body.error).toBe('invalid_grant'); // now it is
      const unsupported = await send<OAuthErrorBody>(
        `${origin}/oidc/oauth/token`,
        form({ grant_type: 'password', client_id: 'native' }),
      );
      expect([unsupported.status, unsupported.body.error]).toEqual([400, 'unsupported_grant_type']);
      expect(c.authStats()).toEqual({ logins: 1, codeGrants: 1, refreshGrants: 0 });
    },
  );

  it(
    'authorize refuses an unknown client or redirect URI (400) and sends other errors back to the redirect ' + 'URI',
    async () => {
      const c = await start(oidc({ nodes: 1 }));
      const origin = c.url('ctrl1');
      const { challenge } = pkce();
      expect((await send(authorizeUrl(origin, challenge, { client_id: 'web' }))).status).toBe(400);
      expect(
        (await send(authorizeUrl(origin, challenge, { redirect_uri: 'https://evil.example/auth/callback' }))).status,
      ).toBe(400);
      const noPkce = await send(authorizeUrl(origin, challenge, { code_challenge_method: 'plain' }));
      expect(noPkce.status).toBe(302);
      const back = new URL(noPkce.headers.location as string);
      expect([back.searchParams.get('error'), back.searchParams.get('state')]).toEqual(['invalid_request', 'st4te']);
    },
  );

  it('refresh_token grants new tokens on any node; an access token is no refresh token', async () => {
    const c = await start(oidc());
    const tokens = await oidcLogin(c.url('ctrl1'));
    const refreshed = await send<Tokens>(
      `${c.url('ctrl3')}/oidc/oauth/token`,
      form({ grant_type: 'refresh_token', client_id: 'native', refresh_token: tokens.refresh_token }),
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(tokens.access_token);
    expect(claimsOf(refreshed.body.access_token)).toMatchObject({
      iss: `${c.url('ctrl3')}/oidc`,
      sub: claimsOf(tokens.access_token).sub,
      z_t: 'a',
    });
    expect((await send(`${c.url('ctrl2')}${MEMBERS}`, bearer(refreshed.body.access_token))).status).toBe(200);
    const wrongKind = await send<OAuthErrorBody>(
      `${c.url('ctrl1')}/oidc/oauth/token`,
      form({ grant_type: 'refresh_token', client_id: 'native', refresh_token: tokens.access_token }),
    );
    expect([wrongKind.status, wrongKind.body.error]).toEqual([400, 'invalid_grant']);
    expect(c.authStats('ctrl3')).toEqual({ logins: 0, codeGrants: 0, refreshGrants: 1 });
  });

  it('expireTokens(): every access token is a 401 on every node until refreshed or logged in again', async () => {
    const c = await start(oidc());
    const tokens = await oidcLogin(c.url('ctrl1'));
    c.expireTokens();
    for (const node of ['ctrl1', 'ctrl2']) {
      const refused = await send<ApiErrorBody>(`${c.url(node)}${CONTROLLERS}`, bearer(tokens.access_token));
      expect([refused.status, refused.body.error.code]).toEqual([401, 'UNAUTHORIZED']);
    }
    const refreshed = await send<Tokens>(
      `${c.url('ctrl2')}/oidc/oauth/token`,
      form({ grant_type: 'refresh_token', client_id: 'native', refresh_token: tokens.refresh_token }),
    );
    expect(refreshed.status).toBe(200);
    expect((await send(`${c.url('ctrl1')}${CONTROLLERS}`, bearer(refreshed.body.access_token))).status).toBe(200);
    const again = await oidcLogin(c.url('ctrl2'));
    expect((await send(`${c.url('ctrl3')}${CONTROLLERS}`, bearer(again.access_token))).status).toBe(200);
  });

  it('revokeSessions(): access and refresh tokens stop working', async () => {
    const c = await start(oidc());
    const fromCtrl1 = await oidcLogin(c.url('ctrl1'));
    const fromCtrl2 = await oidcLogin(c.url('ctrl2'));
    c.revokeSessions('ctrl1');
    expect((await send(`${c.url('ctrl3')}${CONTROLLERS}`, bearer(fromCtrl1.access_token))).status).toBe(401);
    const refresh = await send<OAuthErrorBody>(
      `${c.url('ctrl1')}/oidc/oauth/token`,
      form({ grant_type: 'refresh_token', client_id: 'native', refresh_token: fromCtrl1.refresh_token }),
    );
    expect(refresh.body.error).toBe('invalid_grant');
    expect((await send(`${c.url('ctrl3')}${CONTROLLERS}`, bearer(fromCtrl2.access_token))).status).toBe(200);
  });

  it(
    'a non-admin reads controllers but gets the v2.0.3 missing-permission 401 (no challenge) on ' + 'list-members',
    async () => {
      const c = await start(oidc({ users: [{ username: 'viewer', password: 'viewer-pw', admin: false }] }));
      const tokens = await oidcLogin(c.url('ctrl1'), { username: 'viewer', password: 'viewer-pw' });
      expect(claimsOf(tokens.access_token).z_ia).toBeUndefined();
      expect((await send(`${c.url('ctrl2')}${CONTROLLERS}`, bearer(tokens.access_token))).status).toBe(200);
      const forbidden = await send(`${c.url('ctrl2')}${MEMBERS}`, bearer(tokens.access_token));
      expect([forbidden.status, forbidden.headers['www-authenticate']]).toEqual([401, undefined]);
    },
  );

  it('a token signed by another cluster is a 401; legacy logins are still served (per controller)', async () => {
    const c = await start(oidc({ nodes: 2 }));
    const other = await start(oidc({ nodes: 1 }));
    const foreign = await oidcLogin(other.url('ctrl1'));
    expect((await send(`${c.url('ctrl1')}${CONTROLLERS}`, bearer(foreign.access_token))).status).toBe(401);
    const token = await legacyLogin(c.url('ctrl1'));
    expect((await send(`${c.url('ctrl1')}${CONTROLLERS}`, session(token))).status).toBe(200);
    expect((await send(`${c.url('ctrl2')}${CONTROLLERS}`, session(token))).status).toBe(401);
  });

  it('a restarted controller has forgotten the logins in progress', async () => {
    const c = await start(oidc({ nodes: 3 }));
    const origin = c.url('ctrl2');
    const id = new URL(
      (await send(authorizeUrl(origin, pkce().challenge))).headers.location as string,
      origin,
    ).searchParams.get('authRequestID') as string;
    await c.kill('ctrl2');
    await c.restart('ctrl2');
    const login = await send(`${origin}/oidc/login/password`, form({ id, username: 'admin', password: 'admin' }));
    expect(login.status).toBe(401);
  });
});

describe('redirect faults', () => {
  it('a 302 to another origin answers without credentials, and nothing follows it by itself', async () => {
    const c = await start({ nodes: 2, auth: 'oidc' });
    const target = `${c.url('ctrl2')}${CONTROLLERS}`;
    c.setResponseFault('ctrl1', 'controllers', { status: 302, location: target });
    const reply = await send(`${c.url('ctrl1')}${CONTROLLERS}`);
    expect([reply.status, reply.headers.location]).toEqual([302, target]);
    expect(c.requestLog('ctrl1')).toEqual([{ method: 'GET', path: CONTROLLERS, hasAuth: false, status: 302 }]);
    expect(c.requestLog('ctrl2')).toEqual([]);
    // Without a fault the same request needs a credential.
    c.setResponseFault('ctrl1', 'controllers', null);
    expect((await send(`${c.url('ctrl1')}${CONTROLLERS}`)).status).toBe(401);
  });

  it("an 'oidc' fault breaks the login endpoints of that node only", async () => {
    const c = await start({ nodes: 2, auth: 'oidc' });
    c.setResponseFault('ctrl1', 'oidc', 503);
    expect((await send(authorizeUrl(c.url('ctrl1'), pkce().challenge))).status).toBe(503);
    expect((await oidcLogin(c.url('ctrl2'))).access_token).toMatch(/^ey/);
  });
});
