// One simulated cluster per test, always closed afterwards (also when the test fails).
import { afterEach } from '@jest/globals';
import { startCluster, type ScenarioInput, type SimCluster, type StartOptions } from '../../src/sim/index.js';

/** Call at the top of a test file; returns `start(scenario, options)`, with `defaults` under every scenario. */
export function useSimCluster(
  defaults: Partial<ScenarioInput> = {},
): (scenario: ScenarioInput, options?: StartOptions) => Promise<SimCluster> {
  const clusters: SimCluster[] = [];
  afterEach(async () => {
    await Promise.all(clusters.splice(0).map((c) => c.close()));
  });
  return async (scenario, options) => {
    const cluster = await startCluster({ ...defaults, ...scenario } as ScenarioInput, options);
    clusters.push(cluster);
    return cluster;
  };
}
