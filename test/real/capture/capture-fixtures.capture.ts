// Records what real v2.0.3 controllers answer on every endpoint ziti-status uses, healthy and during
// faults, into test/fixtures/real-v2.0.3/ (one redacted JSON file per exchange), which the fast
// suite's test/sim/real-fixtures.test.ts holds the simulator against. Not part of the tier: it
// rewrites checked-in files, so it runs only when asked for (npm run capture:real-fixtures).
import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PASSWORD, RealCluster, USERNAME } from '../harness/cluster.js';
import { waitFor, waitUntil } from '../harness/wait.js';
import { FixtureWriter, redactQuery } from './fixture-writer.js';
import { form, jsonBody, rawRequest, type RawReply, type RawRequest } from './raw-https.js';

const OUT = fileURLToPath(new URL('../../fixtures/real-v2.0.3', import.meta.url));
const REDIRECT_URI = 'http://localhost:8080/auth/callback';
const CONTROLLERS = '/edge/management/v1/controllers';
const MEMBERS = '/fabric/v1/cluster/list-members';
const AUTHENTICATE = '/edge/management/v1/authenticate?method=password';

let cluster: RealCluster | undefined;
afterAll(async () => {
  await cluster?.close();
});

describe('capture of real v2.0.3 answers', () => {
  it('records every endpoint ziti-status uses, ' +
    'healthy, with a follower killed and with the leader killed', async () => {
    cluster = await RealCluster.start({ nodes: 3 });
    const c = cluster;
    const ca = readFileSync(c.caFile);
    const out = new FixtureWriter(OUT);
    out.password(PASSWORD);
    const date = new Date().toISOString().slice(0, 10);
    const version = (await c.ziti(['version'])).stdout.trim();
    const send = (id: string, req: RawRequest) => rawRequest(c.url(id), ca, req);
    const ask = async (
      name: string,
      id: string,
      role: string,
      state: string,
      req: RawRequest,
      note?: string,
    ): Promise<RawReply> => {
      const reply = await send(id, req);
      out.record(name, { state, node: `${id} (${role})`, ...(note ? { note } : {}), ziti: version, date }, req, reply);
      return reply;
    };
    const location = (reply: RawReply, origin: string) => new URL(String(reply.headers.location), origin);
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const json = (reply: RawReply) => JSON.parse(reply.text);
    await waitUntil('ctrl1 leads', 30_000, async () => (await c.leaderSeenBy('ctrl1')) === 'ctrl1');
    const healthy = (name: string, id: string, req: RawRequest, note?: string) =>
      ask(name, id, id === 'ctrl1' ? 'leader' : 'follower', 'healthy', req, note);

    // Version and health: no login.
    await healthy('version', 'ctrl1', { method: 'GET', path: '/edge/management/v1/version' });
    await healthy(
      'health-checks',
      'ctrl1',
      { method: 'GET', path: '/health-checks' },
      'the quickstart binds no health-checks API',
    );
    await healthy('health-checks-raft', 'ctrl1', { method: 'GET', path: '/health-checks/controller/raft' });
    await healthy('not-found', 'ctrl1', { method: 'GET', path: '/edge/management/v1/nope' });

    // OIDC: authorize -> login page -> password -> callback -> token, by hand, as ziti-status does it.
    const origin = c.url('ctrl1');
    const pkce = () => {
      const verifier = randomBytes(32).toString('base64url');
      const state = randomBytes(16).toString('base64url');
      const nonce = randomBytes(16).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      for (const [v, what] of [
        [verifier, 'PKCE verifier'],
        [state, 'state'],
        [nonce, 'nonce'],
        [challenge, 'PKCE challenge'],
      ] as const)
        out.secret(v, what);
      const q = new URLSearchParams({
        client_id: 'native',
        response_type: 'code',
        scope: 'openid offline_access',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        redirect_uri: REDIRECT_URI,
        state,
        nonce,
      });
      return { verifier, path: `/oidc/authorize?${q}` };
    };
    const startLogin = async (name: string) => {
      const { verifier, path } = pkce();
      const authorized = await healthy(name, 'ctrl1', { method: 'GET', path });
      expect(authorized.status).toBe(302);
      const page = location(authorized, origin);
      const id = page.searchParams.get('authRequestID') ?? '';
      out.secret(id, 'auth request id');
      return { verifier, id, page: page.pathname + page.search };
    };
    const first = await startLogin('oidc-authorize');
    const page = await healthy('oidc-login-page', 'ctrl1', { method: 'GET', path: first.page });
    expect(page.headers['auth-request-id']).toBe(first.id);
    const loginPath = `/oidc/login/password?authRequestID=${encodeURIComponent(first.id)}`;
    const loggedIn = await healthy('oidc-login-password', 'ctrl1', {
      method: 'POST',
      path: loginPath,
      ...form({ id: first.id, username: USERNAME, password: PASSWORD }),
    });
    expect(loggedIn.status).toBe(302);
    const cb = location(loggedIn, origin);
    const called = await healthy('oidc-callback', 'ctrl1', { method: 'GET', path: cb.pathname + cb.search });
    const redirect = location(called, origin);
    const code = redirect.searchParams.get('code') ?? '';
    out.secret(code, 'authorization code');
    const tokenReq = (fields: Record<string, string>): RawRequest => ({
      method: 'POST',
      path: '/oidc/oauth/token',
      ...form(fields),
    });
    const codeGrant = {
      grant_type: 'authorization_code',
      client_id: 'native',
      code,
      code_verifier: first.verifier,
      redirect_uri: REDIRECT_URI,
    };
    const tokenReply = await send('ctrl1', tokenReq(codeGrant));
    const tokens = json(tokenReply) as { access_token: string; refresh_token: string; id_token: string };
    for (const [k, what] of [
      ['access_token', 'access token'],
      ['refresh_token', 'refresh token'],
      ['id_token', 'id token'],
    ] as const)
      out.secret(tokens[k], what);
    out.record(
      'oidc-token',
      { state: 'healthy', node: 'ctrl1 (leader)', ziti: version, date },
      tokenReq(codeGrant),
      tokenReply,
      {
        access_token: decodeJwt(tokens.access_token),
        refresh_token: decodeJwt(tokens.refresh_token),
        id_token: decodeJwt(tokens.id_token),
      },
    );
    const reused = await healthy('oidc-token-used-code', 'ctrl1', tokenReq(codeGrant), 'the same code a second time');
    expect(reused.status).toBeGreaterThanOrEqual(400);
    const refreshed = await healthy(
      'oidc-token-refresh',
      'ctrl1',
      tokenReq({ grant_type: 'refresh_token', client_id: 'native', refresh_token: tokens.refresh_token }),
    );
    for (const [k, what] of [
      ['access_token', 'access token'],
      ['refresh_token', 'refresh token'],
      ['id_token', 'id token'],
    ] as const)
      out.secret(json(refreshed)[k], what);
    const wrong = await startLogin('oidc-authorize-again');
    await healthy('oidc-login-password-wrong', 'ctrl1', {
      method: 'POST',
      path: `/oidc/login/password?authRequestID=${encodeURIComponent(wrong.id)}`,
      ...form({ id: wrong.id, username: USERNAME, password: 'wrong-password' }),
    });
    const access = bearer(tokens.access_token);

    // The data endpoints ziti-status reads, on the leader and a follower.
    await healthy(
      'controllers',
      'ctrl1',
      { method: 'GET', path: CONTROLLERS, headers: access },
      'no limit: the server default applies',
    );
    await healthy('controllers-limit-2', 'ctrl1', { method: 'GET', path: `${CONTROLLERS}?limit=2`, headers: access });
    await healthy('controllers-limit-2-offset-2', 'ctrl1', {
      method: 'GET',
      path: `${CONTROLLERS}?limit=2&offset=2`,
      headers: access,
    });
    await healthy(
      'controllers-limit-500',
      'ctrl1',
      { method: 'GET', path: `${CONTROLLERS}?limit=500&offset=0`, headers: access },
      'what ziti-status sends',
    );
    for (const [name, query] of [
      ['bad-limit', 'limit=abc'],
      ['negative-limit', 'limit=-1'],
      ['limit-0', 'limit=0'],
      ['limit-1000', 'limit=1000'],
      ['offset-past-end', 'offset=5'],
      ['negative-offset', 'offset=-1'],
    ]) {
      await healthy(`controllers-${name}`, 'ctrl1', {
        method: 'GET',
        path: `${CONTROLLERS}?${query}`,
        headers: access,
      });
    }
    await healthy(
      'controllers-follower',
      'ctrl2',
      { method: 'GET', path: CONTROLLERS, headers: access },
      'the access token ctrl1 issued, used on ctrl2',
    );
    await healthy('list-members-leader', 'ctrl1', { method: 'GET', path: MEMBERS, headers: access });
    await healthy('list-members-follower', 'ctrl2', { method: 'GET', path: MEMBERS, headers: access });
    await healthy('health-checks-raft-follower', 'ctrl2', { method: 'GET', path: '/health-checks/controller/raft' });

    // Refusals: no credential, a malformed one, a wrong method.
    await healthy('controllers-no-token', 'ctrl1', { method: 'GET', path: CONTROLLERS });
    await healthy('controllers-invalid-bearer', 'ctrl1', {
      method: 'GET',
      path: CONTROLLERS,
      headers: bearer('not-a-jwt'),
    });
    await healthy('list-members-no-token', 'ctrl1', { method: 'GET', path: MEMBERS });
    await healthy('list-members-invalid-zt-session', 'ctrl1', {
      method: 'GET',
      path: MEMBERS,
      headers: { 'zt-session': '00000000-0000-4000-8000-000000000000' },
    });
    await healthy('controllers-post', 'ctrl1', {
      method: 'POST',
      path: CONTROLLERS,
      headers: { ...access, 'content-type': 'application/json' },
      body: '{}',
    });

    // The legacy login (deprecated in 2.0, still served), and its session on the other nodes.
    const legacy = await healthy('authenticate-password', 'ctrl1', {
      method: 'POST',
      path: AUTHENTICATE,
      ...jsonBody({ username: USERNAME, password: PASSWORD }),
    });
    const session = json(legacy).data as { token: string; id: string };
    out.secret(session.token, 'zt-session token');
    out.secret(session.id, 'api session id');
    await healthy('authenticate-wrong-password', 'ctrl1', {
      method: 'POST',
      path: AUTHENTICATE,
      ...jsonBody({ username: USERNAME, password: 'wrong-password' }),
    });
    await healthy('authenticate-short-password', 'ctrl1', {
      method: 'POST',
      path: AUTHENTICATE,
      ...jsonBody({ username: USERNAME, password: 'abc' }),
    });
    await healthy('list-members-zt-session', 'ctrl1', {
      method: 'GET',
      path: MEMBERS,
      headers: { 'zt-session': session.token },
    });
    await healthy(
      'list-members-zt-session-other-node',
      'ctrl2',
      { method: 'GET', path: MEMBERS, headers: { 'zt-session': session.token } },
      'the zt-session ctrl1 issued, used on ctrl2',
    );

    // Non-admin identities (updb): one without permissions, one admin_readonly. (v2.0.3's edge API
    // refuses `controllers.read` in an identity's permissions: not in the create/update enum.)
    const viewerPassword = randomBytes(12).toString('base64url');
    out.password(viewerPassword);
    const sessionOf = async (name: string, permissions: string[]): Promise<string> => {
      const created = await c.ziti([
        'edge',
        'create',
        'identity',
        name,
        ...(permissions.length ? ['--permissions', permissions.join(',')] : []),
      ]);
      if (created.code !== 0) throw new Error(`create identity ${name}: ${created.stderr || created.stdout}`);
      const updb = await c.ziti(['edge', 'create', 'authenticator', 'updb', name, name, viewerPassword]);
      if (updb.code !== 0) throw new Error(`updb ${name}: ${updb.stderr || updb.stdout}`);
      const reply = await healthy(`authenticate-${name}`, 'ctrl1', {
        method: 'POST',
        path: AUTHENTICATE,
        ...jsonBody({ username: name, password: viewerPassword }),
      });
      if (reply.status !== 200) throw new Error(`login ${name}: HTTP ${reply.status} ${reply.text}`);
      const { token, id } = json(reply).data as { token: string; id: string };
      out.secret(token, `zt-session token of ${name}`);
      out.secret(id, 'api session id');
      return token;
    };
    const viewer = { 'zt-session': await sessionOf('viewer', []) };
    const reader = { 'zt-session': await sessionOf('reader', ['admin_readonly']) };
    await healthy(
      'controllers-forbidden',
      'ctrl1',
      { method: 'GET', path: CONTROLLERS, headers: viewer },
      'identity without admin or any permission',
    );
    await healthy(
      'list-members-forbidden',
      'ctrl1',
      { method: 'GET', path: MEMBERS, headers: viewer },
      'identity without admin or any permission',
    );
    await healthy(
      'controllers-reader',
      'ctrl1',
      { method: 'GET', path: CONTROLLERS, headers: reader },
      'identity with only admin_readonly',
    );
    await healthy(
      'list-members-reader',
      'ctrl1',
      { method: 'GET', path: MEMBERS, headers: reader },
      'identity with only admin_readonly',
    );

    // Faults. A follower SIGKILLed: the leader's replica says so within a second.
    const rows = async (id: string) =>
      json(await send(id, { method: 'GET', path: CONTROLLERS, headers: access })).data as Array<{
        id: string;
        isOnline: boolean;
      }>;
    const onlineOf = async (id: string, of: string) => (await rows(id)).find((r) => r.id === of)?.isOnline;
    await c.kill('ctrl3');
    await waitFor(
      'ctrl1 says ctrl3 is offline',
      10_000,
      () => onlineOf('ctrl1', 'ctrl3'),
      (v) => v === false,
      100,
    );
    await ask(
      'follower-killed-controllers-leader',
      'ctrl1',
      'leader',
      'follower-killed',
      { method: 'GET', path: CONTROLLERS, headers: access },
      'ctrl3 SIGKILLed',
    );
    await ask(
      'follower-killed-list-members-leader',
      'ctrl1',
      'leader',
      'follower-killed',
      { method: 'GET', path: MEMBERS, headers: access },
      'ctrl3 SIGKILLed',
    );
    await ask(
      'follower-killed-list-members-follower',
      'ctrl2',
      'follower',
      'follower-killed',
      { method: 'GET', path: MEMBERS, headers: access },
      'ctrl3 SIGKILLed',
    );
    await c.restart('ctrl3');
    await waitUntil('ctrl3 online again in every replica', 60_000, async () =>
      (await Promise.all(c.ids.map((id) => rows(id).catch(() => [])))).every(
        (r) => r.length === 3 && r.every((x) => x.isOnline),
      ),
    );

    // The leader SIGKILLed: asked at once, a follower still names it leader and online.
    await c.kill('ctrl1');
    const beforeElection = await ask(
      'leader-killed-controllers-follower',
      'ctrl2',
      'follower',
      'leader-killed',
      { method: 'GET', path: CONTROLLERS, headers: access },
      'ctrl1 (the leader) SIGKILLed, asked before the re-election',
    );
    const members = await ask(
      'leader-killed-list-members-follower',
      'ctrl2',
      'follower',
      'leader-killed',
      { method: 'GET', path: MEMBERS, headers: access },
      'ctrl1 (the leader) SIGKILLed, asked before the re-election',
    );
    const stillOnline = (json(beforeElection).data as Array<{ id: string; isOnline: boolean }>).find(
      (r) => r.id === 'ctrl1',
    )?.isOnline;
    const stillLeader = (json(members).data as Array<{ id: string; leader: boolean }>).find(
      (m) => m.id === 'ctrl1',
    )?.leader;
    const elected = await waitFor(
      'a new leader',
      60_000,
      async () => (await c.leaderSeenBy('ctrl2')) ?? '',
      (id) => id !== '' && id !== 'ctrl1',
      200,
    );
    await waitFor(
      `${elected} marks ctrl1 offline`,
      20_000,
      () => onlineOf(elected, 'ctrl1'),
      (v) => v === false,
      100,
    );
    await ask(
      'reelected-controllers-new-leader',
      elected,
      'leader',
      're-elected',
      { method: 'GET', path: CONTROLLERS, headers: access },
      'ctrl1 dead, a new leader elected',
    );
    await ask(
      'reelected-list-members-new-leader',
      elected,
      'leader',
      're-elected',
      { method: 'GET', path: MEMBERS, headers: access },
      'ctrl1 dead, a new leader elected',
    );

    const written = out.flush();
    console.log(
      `wrote ${written.length} fixtures to ${OUT} ` +
        `(before the re-election ctrl2 said ctrl1 isOnline=${stillOnline}, leader=${stillLeader}; ` +
        `${elected} was elected)`,
    );
    expect(written.length).toBeGreaterThan(30);
    expect(redactQuery('/x?code=abc&a=1')).toBe('/x?code=<redacted: authorization code>&a=1');
  }, 600_000);
});

/** Header and claims of a JWT, every value that identifies a session replaced; numbers and names kept. */
function decodeJwt(jwt: string): { header: unknown; claims: unknown } {
  const [h = '', p = ''] = jwt.split('.');
  const part = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>;
  const claims = part(p);
  for (const key of ['jti', 'z_asid', 'nonce', 'at_hash', 'c_hash', 'sid'])
    if (typeof claims[key] === 'string') claims[key] = `<redacted: ${key}>`;
  const header = part(h);
  return { header, claims };
}
