// Who really answered, over HTTPS (src/reconcile/peer-identity.ts): a simulated cluster whose nodes
// each serve their own certificate (SPIFFE id spiffe://ziti-status.test/controller/<id>, as real
// ones do). ctrl2 dies and a TCP forwarder takes its published address, handing every connection to
// ctrl3: what round-robin DNS or a load balancer does when a name lands on the wrong controller.
// The forwarder is plain TCP, so the TLS session is ctrl3's own: only its certificate can tell.
import { describe, expect, it } from '@jest/globals';
import type { ClusterView } from '../../src/model.js';
import type { SimCluster } from '../../src/sim/index.js';
import { runCli } from '../helpers/cli.js';
import { useForwarders } from '../helpers/forwarder.js';
import { controllerPki } from '../helpers/pki.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster();
const forward = useForwarders();
const pki = controllerPki();

const portOf = (cluster: SimCluster, id: string) => Number(new URL(cluster.url(id)).port);

async function list(cluster: SimCluster, extra: string[] = ['--ca', pki.root.certPath]): Promise<ClusterView> {
  const out = await runCli([
    'list',
    'controllers',
    '-c',
    cluster.url('ctrl1'),
    '-o',
    'json',
    '--timeout',
    '3s',
    ...extra,
  ]);
  return JSON.parse(out.stdout) as ClusterView;
}

const row = (view: ClusterView, id: string) => view.controllers.find((r) => r.id === id)!;
const identityFlags = (view: ClusterView) =>
  view.controllers.flatMap((r) => r.flags.filter((f) => f.code === 'identity').map((f) => `${r.id}: ${f.message}`));

describe('the certificate says who answered at an address', () => {
  it('a healthy cluster: every row carries its own SPIFFE id, no identity flag', async () => {
    const cluster = await start({ nodes: 3 }, { tls: pki.simTls() });
    const view = await list(cluster);
    expect(identityFlags(view)).toEqual([]);
    expect(view.cluster.verdict).toBe('healthy');
    for (const id of ['ctrl1', 'ctrl2', 'ctrl3'])
      expect(row(view, id).spiffeId).toBe(`spiffe://ziti-status.test/controller/${id}`);
  });

  it("ctrl2's published address answered by ctrl3: identity on ctrl2, naming both; ctrl2 unknown", async () => {
    const cluster = await start({ nodes: 3 }, { tls: pki.simTls() });
    await cluster.kill('ctrl2');
    await forward(portOf(cluster, 'ctrl2'), [portOf(cluster, 'ctrl3')]);
    for (const extra of [['--ca', pki.root.certPath], ['--insecure']]) {
      const view = await list(cluster, extra);
      const ctrl2 = row(view, 'ctrl2');
      expect(ctrl2.flags.find((f) => f.code === 'identity')?.message).toMatch(
        new RegExp(
          `^its address https://127\\.0\\.0\\.1:${portOf(cluster, 'ctrl2')}: it answered with ctrl3's certificate ` +
            `\\(spiffe://ziti-status\\.test/controller/ctrl3, fingerprint [0-9a-f]{40}\\), not as ctrl2 ` +
            `\\(ctrl2's fingerprint in the replicas is ${ctrl2.fingerprint}\\): its answers ignored$`,
        ),
      );
      // ctrl3's answers are not taken for ctrl2's: it was not heard, so it is neither online nor offline.
      expect(ctrl2).toMatchObject({ status: 'unknown', reachable: false, spiffeId: expect.stringMatching(/ctrl3$/) });
      expect(row(view, 'ctrl3').flags.map((f) => f.code)).not.toContain('identity');
      expect(view.cluster.verdict).toBe('degraded');
    }
  });

  it('one address in front of two controllers, connections shared out in turn: identity', async () => {
    const cluster = await start({ nodes: 3 }, { tls: pki.simTls() });
    await cluster.kill('ctrl2');
    await forward(portOf(cluster, 'ctrl2'), [portOf(cluster, 'ctrl3'), portOf(cluster, 'ctrl1')]);
    const view = await list(cluster);
    const message = row(view, 'ctrl2').flags.find((f) => f.code === 'identity')?.message ?? '';
    // Over HTTP/1.1 one poll opens several connections; over h2 one, which then meets one of the two.
    expect(message).toMatch(/its connections presented 2 different certificates|it answered with ctrl[13]'s/);
  });

  it('plain http: no certificate, spiffeId null, no identity flag', async () => {
    const cluster = await start({ nodes: 3 });
    const view = await list(cluster, []);
    expect(view.controllers.map((r) => r.spiffeId)).toEqual([null, null, null]);
    expect(identityFlags(view)).toEqual([]);
  });
});
