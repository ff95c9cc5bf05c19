// One simulated cluster per test, always closed afterwards (also when the test fails).
import { afterEach } from '@jest/globals';
import { startCluster, type ScenarioInput, type SimCluster } from '../../src/sim/index.js';

/** Call at the top of a test file; returns `start(scenario)`, with `defaults` under every scenario. */
export function useSimCluster(defaults: Partial<ScenarioInput> = {}): (scenario: ScenarioInput) => Promise<SimCluster> {
  let cluster: SimCluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });
  return async (scenario) => {
    cluster = await startCluster({ ...defaults, ...scenario } as ScenarioInput);
    return cluster;
  };
}
