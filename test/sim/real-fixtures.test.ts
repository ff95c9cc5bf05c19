// The simulator against what real v2.0.3 controllers answered (test/fixtures/real-v2.0.3, captured by
// test/real/capture-fixtures.test.ts): every captured exchange is replayed, in capture order, on a
// simulated cluster walked through the same states (healthy, a follower killed, the leader killed
// before the re-election, re-elected), and the answers must agree in status, the headers that
// matter, keys, value kinds, nullability and the values that are API constants or fault state.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startCluster, type SimCluster } from '../../src/sim/index.js';
import { agent, send } from './helpers.js';
import { shapeDiff } from './shape-diff.js';
import { decodeJwt, loadFixtures, replyDiff, ReplayVars, type Fixture } from './real-replay.js';

const USERS = [
  { username: 'admin', password: 'admin' },
  { username: 'viewer', password: 'viewer-pw', admin: false },
  { username: 'reader', password: 'reader-pw', admin: false },
];

/**
 * Differences left on purpose, each with its reason. The test fails when one of them disappears
 * too, so this list never claims more than is true.
 */
const KNOWN: Record<string, { why: string; diffs: string[] }> = {
  'oidc-token': {
    why:
      'the simulator signs HS256 with one secret per cluster (every node verifies every token, no key ' +
      'material to serve); real controllers sign RS256 with their signing certificate (kid = its ' +
      'fingerprint). ziti-status never verifies a signature',
    diffs: [
      'access_token.header.alg: "RS256" in real, "HS256" in sim',
      'refresh_token.header.alg: "RS256" in real, "HS256" in sim',
      'id_token.header.alg: "RS256" in real, "HS256" in sim',
    ],
  },
  'controllers-forbidden': {
    why:
      'the simulator has no identity without any permission: its non-admin users (admin: false) have ' +
      'controllers.read, like admin_readonly (controllers-reader)',
    diffs: [
      'status: 401 in real, 200 in sim',
      'error: present in real, absent in sim',
      'meta.apiEnrollmentVersion: present in real, absent in sim',
      'meta.apiVersion: present in real, absent in sim',
      'meta.pagination: present in sim, absent in real',
      'meta.filterableFields: present in sim, absent in real',
      'data: present in sim, absent in real',
    ],
  },
};

const fixtures = loadFixtures();
let sim: SimCluster;
let state = 'healthy';
/** Real id -> simulated id: the real cluster elected whichever follower won, the simulator elects by id. */
let ids: Record<string, string> = {};
const vars = new ReplayVars(Object.fromEntries(USERS.map((u) => [u.username, u.password])));

beforeAll(async () => {
  // The HA quickstart: three voters, no preferred leader, no health-checks binding, OIDC.
  sim = await startCluster({
    controllers: [{ id: 'ctrl1' }, { id: 'ctrl2' }, { id: 'ctrl3' }],
    auth: 'oidc',
    users: USERS,
    healthChecks: false,
    electionTimeoutMs: null,
  });
});
afterAll(async () => {
  await sim?.close();
  await agent.close();
});

/** Brings the simulated cluster to the state the real one was in for `fixture`. */
async function enter(fixture: Fixture): Promise<void> {
  const next = fixture.capture.state;
  if (next === state) return;
  if (next === 'follower-killed') await sim.kill('ctrl3');
  if (next === 'leader-killed') {
    await sim.restart('ctrl3');
    await sim.kill('ctrl1');
  }
  if (next === 're-elected') {
    sim.failover();
    const realLeader = fixture.capture.node.split(' ')[0]!;
    const simLeader = sim.leaderId()!;
    ids = realLeader === simLeader ? {} : { [realLeader]: simLeader, [simLeader]: realLeader };
  }
  state = next;
}

async function replay(fixture: Fixture) {
  await enter(fixture);
  const realNode = fixture.capture.node.split(' ')[0]!;
  const node = ids[realNode] ?? realNode;
  if (fixture.request.path.startsWith('/oidc/authorize?')) vars.newLogin();
  const req = vars.request(fixture);
  const reply = await send(`${sim.url(node)}${req.path}`, {
    method: req.method,
    headers: req.headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
  vars.learn(fixture, reply);
  return reply;
}

describe('the simulator answers as real v2.0.3 controllers did', () => {
  it('has fixtures of every state', () => {
    expect(new Set(fixtures.map((f) => f.capture.state))).toEqual(
      new Set(['healthy', 'follower-killed', 'leader-killed', 're-elected']),
    );
  });

  it.each(
    fixtures.map((f) => [`${f.name}: ${f.endpoint.slice(0, 70)} (${f.capture.state}, ${f.capture.node})`, f] as const),
  )('%s', async (_, fixture) => {
    const reply = await replay(fixture);
    const diffs = replyDiff(fixture, reply, ids);
    if (fixture.decoded !== undefined) {
      const body = reply.body as Record<string, string>;
      for (const [token, real] of Object.entries(fixture.decoded)) {
        const found = shapeDiff(real, decodeJwt(body[token] ?? ''), {
          exact: ['header.alg', 'header.typ', 'claims.z_t', 'claims.client_id', 'claims.z_ia'],
        });
        diffs.push(...found.map((d) => `${token}.${d}`));
      }
    }
    expect(diffs).toEqual(KNOWN[fixture.name]?.diffs ?? []);
  });
});
