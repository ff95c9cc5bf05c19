// `ziti-status simulate`: a simulated HA cluster on loopback for trying scripts, running until interrupted.
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { Scenario } from '../sim/index.js';

export interface SimulateOptions {
  scenario?: string;
  nodes?: string;
}

export async function runSimulate(options: SimulateOptions, io: Io): Promise<number> {
  if (options.scenario !== undefined && options.nodes !== undefined) {
    throw new UsageError(
      '--scenario and --nodes conflict: a scenario file already says how many controllers there are',
    );
  }
  const nodes = options.nodes === undefined ? 3 : Number(options.nodes);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 200)
    throw new UsageError(`--nodes: '${options.nodes}' is not a whole number from 1 to 200`);
  const sim = await import('../sim/index.js');
  let scenario: Scenario;
  try {
    scenario =
      options.scenario === undefined ? sim.parseScenario({ nodes }) : await sim.loadScenarioFile(options.scenario);
  } catch (err) {
    if (err instanceof sim.ScenarioError) throw new UsageError(err.message);
    throw err;
  }
  const cluster = await sim.startCluster(scenario);
  try {
    for (const node of cluster.nodes) io.stdout.write(`${node.id}\t${node.url}\n`);
    const first = cluster.nodes[0];
    if (first)
      io.stderr.write(
        `simulating ${cluster.nodes.length} controllers; try: ziti-status list controllers --controller ${first.url}\nCtrl-C stops it.\n`,
      );
    await io.untilInterrupted();
    return 0;
  } finally {
    await cluster.close();
  }
}
