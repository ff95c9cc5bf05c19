// `ziti-status simulate`: a simulated HA cluster on loopback for trying scripts, running until interrupted.
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { BuiltinScenarioName, Scenario, SimCluster, SimNodeInfo } from '../sim/index.js';

export interface SimulateOptions {
  scenario?: string;
  nodes?: string;
}

export async function runSimulate(options: SimulateOptions, io: Io): Promise<number> {
  if (options.scenario !== undefined && options.nodes !== undefined) {
    throw new UsageError('--scenario and --nodes conflict: a scenario already says how many controllers there are');
  }
  const nodes = options.nodes === undefined ? 3 : Number(options.nodes);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 200)
    throw new UsageError(`--nodes: '${options.nodes}' is not a whole number from 1 to 200`);
  const sim = await import('../sim/index.js');
  let scenario: Scenario;
  try {
    const name = options.scenario;
    if (name === undefined) scenario = sim.parseScenario({ nodes });
    // A built-in name, else a file relative to the working directory.
    else if ((sim.BUILTIN_SCENARIO_NAMES as string[]).includes(name))
      scenario = sim.builtinScenario(name as BuiltinScenarioName);
    else scenario = await sim.loadScenarioFile(resolve(io.cwd, name));
  } catch (err) {
    if (err instanceof sim.ScenarioError)
      throw new UsageError(
        `${err.message}; --scenario takes a file or one of ${sim.BUILTIN_SCENARIO_NAMES.join(', ')}`,
      );
    throw err;
  }
  const cluster = await sim.startCluster(scenario);
  try {
    for (const node of cluster.nodes) io.stdout.write(`${node.id}\t${node.url}\n`);
    io.stderr.write(`simulating ${cluster.nodes.length} controllers; ${tryHint(cluster)}\nCtrl-C stops it.\n`);
    await io.untilInterrupted();
    return 0;
  } finally {
    await cluster.close();
  }
}

/** The first controller that answers: not a killed, hung or removed one. */
export function answeringNode(cluster: SimCluster): SimNodeInfo | undefined {
  const up = new Set(cluster.groundTruth().nodes.flatMap((n) => (n.state === 'up' && n.member ? [n.id] : [])));
  return cluster.nodes.find((n) => up.has(n.id));
}

/** The command to try, pointed at a controller that answers. */
export function tryHint(cluster: SimCluster): string {
  const target = answeringNode(cluster);
  return target === undefined
    ? 'no controller answers in this scenario'
    : `try: ziti-status list controllers --controller ${target.url}`;
}
