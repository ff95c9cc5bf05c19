// The simulator's POST /fabric/v1/inspections against what real v2.0.3 controllers answered
// (test/fixtures/real-v2.0.3/inspections/, captured by test/real/capture/capture-inspections.capture.ts):
// every exchange replayed in capture order on a simulated cluster walked through the same states
// (healthy; ctrl3 hung while the leader took 64 entries; resumed but behind; caught up), compared
// by shape, with the values that are API constants or fault state compared exactly.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { startCluster, type SimCluster } from '../../src/sim/index.js';
import { agent, send, postJson } from './helpers.js';
import { oidcLogin } from './oidc-flow.js';
import { FIXTURE_DIR, headerDiff, type Fixture } from './real-replay.js';
import { shapeDiff } from './shape-diff.js';

const DIR = `${FIXTURE_DIR}/inspections`;
const fixtures: Fixture[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.slice(0, -5), ...(JSON.parse(readFileSync(`${DIR}/${f}`, 'utf8')) as Omit<Fixture, 'name'>) }))
  .sort((a, b) => a.capture.seq - b.capture.seq);

/** Entries the real leader committed while ctrl3 was stopped (81 - 17 in the capture). */
const WRITTEN = 64;
const EXACT = [
  'error.code',
  'error.message',
  'error.cause.code',
  'meta.apiVersion',
  'meta.apiEnrollmentVersion',
  'success',
  'values[].appId',
  'values[].name',
];

let sim: SimCluster;
let state = 'healthy';
const secrets = new Map<string, string>();

beforeAll(async () => {
  sim = await startCluster({
    controllers: [{ id: 'ctrl1' }, { id: 'ctrl2' }, { id: 'ctrl3' }],
    auth: 'oidc',
    users: [
      { username: 'admin', password: 'admin' },
      { username: 'viewer', password: 'viewer-pw', admin: false },
      { username: 'reader', password: 'reader-pw', admin: false },
    ],
    healthChecks: false,
    electionTimeoutMs: null,
  });
  secrets.set('<redacted: access token>', (await oidcLogin(sim.url('ctrl1'))).access_token);
  for (const user of ['viewer', 'reader']) {
    const reply = await send(`${sim.url('ctrl1')}/edge/management/v1/authenticate?method=password`, {
      ...postJson({ username: user, password: `${user}-pw` }),
    });
    secrets.set(`<redacted: zt-session token of ${user}>`, String(reply.headers['zt-session']));
  }
});
afterAll(async () => {
  await sim?.close();
  await agent.close();
});

/** Brings the simulated cluster to the real one's state: ctrl3 stopped, then back but behind, then caught up. */
function enter(next: string): void {
  if (next === state) return;
  if (next === 'follower-hung') {
    sim.lag('ctrl3');
    sim.hang('ctrl3');
    sim.write(WRITTEN);
  }
  if (next === 'follower-resumed') sim.resume('ctrl3');
  if (next === 'follower-caught-up') sim.catchUp('ctrl3');
  state = next;
}

/** Values sorted by appId: real controllers list the answering node and its peers in no fixed order. */
function byApp(body: unknown): unknown {
  const b = body as { values?: Array<{ appId: string }> | null };
  if (typeof b !== 'object' || b === null || !Array.isArray(b.values)) return body;
  return { ...b, values: [...b.values].sort((x, y) => (x.appId < y.appId ? -1 : 1)) };
}

/** The members whose index is below ctrl1's (the leader's) in an answer that holds ctrl1's. */
function behindLeader(body: unknown): string[] {
  const values = (body as { values?: Array<{ appId: string; value: { index: number } }> | null }).values ?? [];
  const leader = values.find((v) => v.appId === 'ctrl1')?.value.index;
  return values.filter((v) => leader !== undefined && v.value.index < leader).map((v) => v.appId);
}

describe('the simulated inspections answer as real v2.0.3 controllers did', () => {
  it('has the fixtures of every state', () => {
    expect(new Set(fixtures.map((f) => f.capture.state))).toEqual(
      new Set(['healthy', 'follower-hung', 'follower-resumed', 'follower-caught-up']),
    );
  });

  it.each(fixtures.map((f) => [`${f.name} (${f.capture.state}, ${f.capture.node})`, f] as const))(
    '%s',
    async (_, fixture) => {
      enter(fixture.capture.state);
      const headers = Object.fromEntries(
        Object.entries(fixture.request.headers).map(([k, v]) => [
          k,
          v.replace(/<redacted: [^>]+>/g, (mark) => secrets.get(mark) ?? mark),
        ]),
      );
      const node = fixture.capture.node.split(' ')[0]!;
      const reply = await send(`${sim.url(node)}${fixture.request.path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(fixture.request.body),
      });
      const diffs = [
        ...(fixture.status === reply.status ? [] : [`status: ${fixture.status} in real, ${reply.status} in sim`]),
        ...headerDiff(fixture.headers, reply.headers),
        ...shapeDiff(byApp(fixture.body), byApp(reply.body ?? reply.text), { exact: EXACT }),
      ];
      // No difference left (the error words of a bad appRegex are compared by kind only: JavaScript's
      // regexp engine words them otherwise than Go's).
      expect(diffs).toEqual([]);
      // Who is behind the leader is the same fact on both sides, whatever the numbers.
      if (fixture.status === 200) expect(behindLeader(reply.body)).toEqual(behindLeader(fixture.body));
    },
  );
});
