// Records what real v2.0.3 controllers answer to the raft-index inspection ziti-status sends
// (`POST /fabric/v1/inspections`, `data-model-index`), healthy, refused, and with a follower hung
// while the leader takes writes, into test/fixtures/real-v2.0.3/inspections/. Its own directory:
// the main capture's flush() replaces only the JSON files of the directory it writes, so the two
// captures never delete each other's files. Runs with `npm run capture:real-fixtures`.
import { afterAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PASSWORD, RealCluster } from '../harness/cluster.js';
import { storedAccessToken } from '../harness/rest.js';
import { waitFor, waitUntil } from '../harness/wait.js';
import { FixtureWriter } from './fixture-writer.js';
import { jsonBody, rawRequest, type RawReply, type RawRequest } from './raw-https.js';

const OUT = fileURLToPath(new URL('../../fixtures/real-v2.0.3/inspections', import.meta.url));
const INSPECTIONS = '/fabric/v1/inspections';
const AUTHENTICATE = '/edge/management/v1/authenticate?method=password';
const inspect = (appRegex: string, headers: Record<string, string>): RawRequest => {
  const body = jsonBody({ appRegex, requestedValues: ['data-model-index'] });
  return { method: 'POST', path: INSPECTIONS, headers: { ...headers, ...body.headers }, body: body.body };
};

let cluster: RealCluster | undefined;
afterAll(async () => {
  await cluster?.close();
});

describe('capture of real v2.0.3 inspections', () => {
  it('records data-model-index asked of the leader, a follower, one member, refused, and with a follower hung', async () => {
    cluster = await RealCluster.start({ nodes: 3 });
    const c = cluster;
    const ca = readFileSync(c.caFile);
    const out = new FixtureWriter(OUT);
    out.password(PASSWORD);
    const date = new Date().toISOString().slice(0, 10);
    const version = (await c.ziti(['version'])).stdout.trim();
    const token = storedAccessToken(c.env);
    out.secret(token, 'access token');
    const access = { authorization: `Bearer ${token}` };
    await waitUntil('ctrl1 leads', 30_000, async () => (await c.leaderSeenBy('ctrl1')) === 'ctrl1');
    const ask = async (name: string, id: string, state: string, req: RawRequest, note?: string) => {
      const started = Date.now();
      const reply = await rawRequest(c.url(id), ca, req, 20_000);
      console.log(`${name}: ${reply.status} in ${Date.now() - started} ms`);
      const role = id === 'ctrl1' ? 'leader' : 'follower';
      out.record(name, { state, node: `${id} (${role})`, ...(note ? { note } : {}), ziti: version, date }, req, reply);
      return reply;
    };
    const json = (reply: RawReply) => JSON.parse(reply.text);

    await ask('inspect-all-leader', 'ctrl1', 'healthy', inspect('.*', access), 'appRegex .* asked of the leader');
    await ask('inspect-all-follower', 'ctrl2', 'healthy', inspect('.*', access), 'appRegex .* asked of a follower');
    await ask('inspect-self-follower', 'ctrl2', 'healthy', inspect('^ctrl2$', access), 'only its own id');
    await ask('inspect-other-follower', 'ctrl2', 'healthy', inspect('^ctrl3$', access), 'another member only');
    await ask('inspect-no-match', 'ctrl1', 'healthy', inspect('^nobody$', access), 'an appRegex no member matches');
    await ask('inspect-no-token', 'ctrl1', 'healthy', inspect('.*', {}));
    await ask('inspect-invalid-bearer', 'ctrl1', 'healthy', inspect('.*', { authorization: 'Bearer not-a-jwt' }));
    await ask('inspect-bad-regex', 'ctrl1', 'healthy', inspect('(', access), 'an appRegex that does not compile');

    // An identity without permissions, and an admin_readonly one (legacy logins, as the main capture).
    const otherPassword = randomBytes(12).toString('base64url');
    out.password(otherPassword);
    const sessionOf = async (name: string, permissions: string[]) => {
      const made = await c.ziti([
        'edge',
        'create',
        'identity',
        name,
        ...(permissions.length ? ['--permissions', permissions.join(',')] : []),
      ]);
      if (made.code !== 0) throw new Error(`create identity ${name}: ${made.stderr || made.stdout}`);
      const updb = await c.ziti(['edge', 'create', 'authenticator', 'updb', name, name, otherPassword]);
      if (updb.code !== 0) throw new Error(`updb ${name}: ${updb.stderr || updb.stdout}`);
      const reply = await rawRequest(c.url('ctrl1'), ca, {
        method: 'POST',
        path: AUTHENTICATE,
        ...jsonBody({ username: name, password: otherPassword }),
      });
      const { token: session, id } = json(reply).data as { token: string; id: string };
      out.secret(session, `zt-session token of ${name}`);
      out.secret(id, 'api session id');
      return { 'zt-session': session };
    };
    await ask('inspect-forbidden', 'ctrl1', 'healthy', inspect('.*', await sessionOf('viewer', [])), 'no permissions');
    await ask(
      'inspect-reader',
      'ctrl1',
      'healthy',
      inspect('.*', await sessionOf('reader', ['admin_readonly'])),
      'admin_readonly',
    );

    // A follower hung while the leader takes writes, then resumed.
    c.hang('ctrl3');
    const spec = '{"protocols":["tcp"],"addresses":["lag.example"],"portRanges":[{"low":80,"high":80}]}';
    const names = Array.from({ length: 60 }, (_, i) => `lag-capture-${i}`);
    for (let i = 0; i < names.length; i += 10)
      for (const made of await Promise.all(
        names.slice(i, i + 10).map((n) => c.ziti(['edge', 'create', 'config', n, 'intercept.v1', spec])),
      ))
        if (made.code !== 0) throw new Error(`create config: ${made.stderr || made.stdout}`);
    const hung = await ask(
      'inspect-all-leader-follower-hung',
      'ctrl1',
      'follower-hung',
      inspect('.*', access),
      'ctrl3 SIGSTOPped, 60 configs created since',
    );
    // The fan-out waits for the hung peer: 503 TIMEOUT after 10 s (no index of anyone), or, once the
    // leader has given up on the peer, a late 200 without it; either way far past any poll's deadline.
    expect([200, 503]).toContain(hung.status);
    console.log(`fan-out with ctrl3 hung: ${hung.text}`);
    const self = await ask(
      'inspect-self-leader-follower-hung',
      'ctrl1',
      'follower-hung',
      inspect('^ctrl1$', access),
      'ctrl3 SIGSTOPped: the leader asked only about itself',
    );
    expect(self.status).toBe(200);
    c.resume('ctrl3');
    await ask(
      'inspect-all-leader-follower-resumed',
      'ctrl1',
      'follower-resumed',
      inspect('.*', access),
      'ctrl3 SIGCONTed, asked at once',
    );
    type Values = { values: { appId: string; value: { index: number } }[] | null };
    const indexes = async () =>
      new Map(
        ((json(await rawRequest(c.url('ctrl1'), ca, inspect('.*', access))) as Values).values ?? []).map((v) => [
          v.appId,
          v.value.index,
        ]),
      );
    await waitFor(
      'ctrl3 catches up with the leader',
      60_000,
      indexes,
      (m) => m.size === 3 && m.get('ctrl3') === m.get('ctrl1'),
      200,
    );
    await ask('inspect-all-leader-caught-up', 'ctrl1', 'follower-caught-up', inspect('.*', access));

    const written = out.flush();
    console.log(`wrote ${written.length} fixtures to ${OUT}`);
    expect(written.length).toBe(14);
  }, 600_000);
});
