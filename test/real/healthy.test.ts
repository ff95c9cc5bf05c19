// Real cluster 1/4: a healthy three-node v2.0.3 cluster, every way a user logs in, and discovery.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PASSWORD, RealCluster, USERNAME } from './harness/cluster.js';
import { observe } from './harness/comparison.js';
import { EXIT, listJson, rowOf, type ListResult } from './harness/ziti-status.js';

let cluster: RealCluster;
beforeAll(async () => {
  cluster = await RealCluster.start({ nodes: 3 });
});
afterAll(async () => {
  await cluster?.close();
});

function expectHealthy({ view, code, stderr }: ListResult) {
  expect(stderr).toBe('');
  expect(view.cluster).toMatchObject({
    verdict: 'healthy',
    leader: 'ctrl1',
    consensus: 'leader',
    quorum: { voters: 3, needed: 2, reachable: 3, verified: true },
    reasons: [],
  });
  expect(view.controllers.map((r) => r.id)).toEqual(['ctrl1', 'ctrl2', 'ctrl3']);
  for (const id of cluster.ids) {
    expect(rowOf(view, id)).toMatchObject({
      status: 'online',
      reachable: true,
      flags: [],
      error: null,
      address: cluster.url(id),
      version: 'v2.0.3',
      voter: true,
      isLeader: id === 'ctrl1',
    });
  }
  expect(code).toBe(EXIT.healthy);
}

const withPassword = (url: string, method: string[] = []) => [
  '-c',
  url,
  '--ca',
  cluster.caFile,
  '-u',
  USERNAME,
  '--password-stdin',
  ...method,
];

describe('a healthy real cluster', () => {
  it('zero configuration after `ziti edge login`: every member online, ctrl1 leads, exit 0', async () => {
    expectHealthy(
      await observe(cluster, {
        case: '1. healthy',
        instant: 'all three serving',
        truth: { ctrl1: 'up', ctrl2: 'up', ctrl3: 'up' },
        askedVia: 'ctrl1',
      }),
    );
  });

  it('explicit -u/--password-stdin logs in with OIDC (the controllers offer it)', async () => {
    expectHealthy(await listJson(cluster, withPassword(cluster.url('ctrl1')), { stdin: `${PASSWORD}\n` }));
  });

  it('--login-method legacy logs in at /authenticate, which v2.0.3 still serves', async () => {
    expectHealthy(
      await listJson(cluster, withPassword(cluster.url('ctrl1'), ['--login-method', 'legacy']), {
        stdin: `${PASSWORD}\n`,
      }),
    );
  });

  it('discovery from one follower URL finds every member at the address it publishes', async () => {
    // -i: the stored login goes only where it is asked to, so naming a URL takes naming the identity too.
    const result = await listJson(cluster, ['-c', cluster.url('ctrl3'), '-i', 'default']);
    expectHealthy(result);
  });

  it('no health-checks binding (the quickstart has none) raises no flag and no note', async () => {
    const { view } = await listJson(cluster);
    expect(view.controllers.flatMap((r) => r.flags)).toEqual([]);
    expect(view.cluster.notes.filter((n) => /health/i.test(n))).toEqual([]);
  });

  it('a wrong password is an auth failure (unknown, exit 3), said once, never a verdict on the cluster', async () => {
    const { view, code } = await listJson(cluster, withPassword(cluster.url('ctrl1')), { stdin: 'wrong-password\n' });
    expect(view.cluster.verdict).toBe('unknown');
    expect(code).toBe(EXIT.unknown);
    for (const row of view.controllers) expect(row.flags.map((f) => f.code)).toContain('auth');
  });

  it('a short password on the legacy login (a 400 COULD_NOT_VALIDATE, not a 401) is an auth failure too', async () => {
    const args = withPassword(cluster.url('ctrl1'), ['--login-method', 'legacy']);
    const { view, code } = await listJson(cluster, args, { stdin: 'abc\n' });
    expect(view.cluster.verdict).toBe('unknown');
    expect(code).toBe(EXIT.unknown);
    // Without a login no replica names it: its row is the URL it was asked at.
    expect(view.controllers).toHaveLength(1);
    const ctrl1 = view.controllers[0]!;
    expect(ctrl1.flags.map((f) => f.code)).toContain('auth');
    // The controller's own reason, said once in the flag, and never the password it echoes back.
    expect(ctrl1.flags[0]!.message.match(/COULD_NOT_VALIDATE/g)).toHaveLength(1);
    expect(JSON.stringify(view)).not.toContain('"abc"');
  });

  it('--no-discover with only the leader asked: the voters never asked are not called down, no critical', async () => {
    const { view, code } = await listJson(cluster, ['-c', cluster.url('ctrl1'), '-i', 'default', '--no-discover']);
    expect(view.cluster.verdict).not.toBe('critical');
    expect(code).not.toBe(EXIT.critical);
    expect(view.cluster.leader).toBe('ctrl1');
    for (const id of ['ctrl2', 'ctrl3']) {
      expect(rowOf(view, id).status).not.toBe('offline');
      expect(rowOf(view, id).flags.map((f) => f.code)).not.toContain('unreachable');
    }
    expect(view.cluster.notes.join('\n')).toMatch(/not asked: ctrl2, ctrl3/);
  });
});
