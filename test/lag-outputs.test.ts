// Replica lag in the outputs, end to end against the simulator: the JSON fields, -o wide's LAG
// column, the Prometheus series (no sample while unknown) and the exit code of a lagging replica.
import { describe, expect, it } from '@jest/globals';
import type { ClusterView } from '../src/model.js';
import { builtinScenario } from '../src/sim/index.js';
import { runCli } from './helpers/cli.js';
import { useSimCluster } from './helpers/sim-cluster.js';

const start = useSimCluster();
const list = (url: string, ...args: string[]) =>
  runCli(['list', 'controllers', '-c', url, '--color', 'never', ...args]);

describe('replica lag in the outputs', () => {
  it('a follower 250 entries behind: lagEntries, raftIndex, the lagging flag, degraded (exit 1)', async () => {
    const c = await start(builtinScenario('lagging-follower'));
    const { code, stdout } = await list(c.url('ctrl1'), '-o', 'json');
    const view = JSON.parse(stdout) as ClusterView;
    const rows = Object.fromEntries(view.controllers.map((r) => [r.id, r]));
    expect(rows.ctrl1).toMatchObject({ raftIndex: 17 + 250, lagEntries: 0, flags: [] });
    expect(rows.ctrl2).toMatchObject({ raftIndex: 17 + 250, lagEntries: 0, flags: [] });
    expect(rows.ctrl3).toMatchObject({ raftIndex: 17, lagEntries: 250, status: 'online' });
    expect(rows.ctrl3!.flags.map((f) => f.code)).toEqual(['lagging']);
    expect(view.cluster).toMatchObject({ verdict: 'degraded', reasons: ['not healthy: ctrl3 (lagging)'] });
    expect(code).toBe(1);
  });

  it('-o wide shows LAG; -o prometheus has ziti_status_controller_raft_lag_entries', async () => {
    const c = await start(builtinScenario('lagging-follower'));
    expect((await list(c.url('ctrl1'), '-o', 'wide')).stdout).toMatch(/^ctrl3 .* lagging .* 250$/m);
    const metrics = (await list(c.url('ctrl1'), '-o', 'prometheus')).stdout;
    expect(metrics).toContain('# TYPE ziti_status_controller_raft_lag_entries gauge');
    expect(metrics).toContain('ziti_status_controller_raft_lag_entries{controller="ctrl1"} 0');
    expect(metrics).toContain('ziti_status_controller_raft_lag_entries{controller="ctrl3"} 250');
    expect(metrics).toContain('ziti_status_controller_flag{controller="ctrl3",flag="lagging"} 1');
  });

  it('a killed follower: its lag unknown, so no sample and no lagging flag (only unreachable)', async () => {
    const c = await start({ nodes: 3, steps: [{ action: 'kill', node: 'ctrl3' }] });
    const { stdout } = await list(c.url('ctrl1'), '-o', 'prometheus', '--timeout', '1s');
    expect(stdout).toContain('ziti_status_controller_raft_lag_entries{controller="ctrl2"} 0');
    expect(stdout).not.toMatch(/^ziti_status_controller_raft_lag_entries\{controller="ctrl3"\}/m);
    expect(stdout).toContain('ziti_status_controller_flag{controller="ctrl3",flag="lagging"} 0');
    expect((await list(c.url('ctrl1'), '-o', 'wide', '--timeout', '1s')).stdout).toMatch(
      /^ctrl3 .* unreachable .* -$/m,
    );
  });
});
