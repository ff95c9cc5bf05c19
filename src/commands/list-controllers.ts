// `ziti-status list controllers`: plan the run, poll every controller, reconcile, render, and map
// the verdict to an exit code; --watch hands the same plan to the watch loop.
import { exitCodeFor } from '../exit-codes.js';
import { warnOn, type Io } from '../io.js';
import type { ColorMode } from '../render/color.js';
import type { ListFlags } from '../run/flags.js';
import { loadRunSettings } from '../run/load.js';
import { printerFor } from '../run/output.js';
import { planRun, type RunPlan } from '../run/plan.js';
import { openSession } from '../run/session.js';
import { inspect } from './inspect.js';

export async function runListControllers(flags: ListFlags, colorMode: ColorMode, io: Io): Promise<number> {
  const runFlags = { command: 'list' as const, ...flags };
  const plan = planRun(await loadRunSettings(runFlags, io), runFlags);
  const printer = printerFor({ ...plan, output: plan.output! }, colorMode, io);
  plan.warnings.forEach(warnOn(io.stderr));
  if (plan.mode === 'watch') {
    // Watch mode's modules load only for --watch.
    const { runWatch } = await import('./watch.js');
    return withTargets(plan, io, (origins) => runWatch(plan, origins, printer, io));
  }
  const view = await withTargets(plan, io, async (origins) => {
    const session = await openSession(plan, io);
    try {
      return await inspect(plan, origins, session, io, (shown) => printer.show(shown, []));
    } finally {
      printer.close();
      await session.close();
    }
  });
  return exitCodeFor(view.cluster.verdict, plan.failOn);
}

/** The plan's one cluster, or with --demo a simulated one started for the run. */
function withTargets<T>(plan: RunPlan, io: Io, use: (origins: string[]) => Promise<T>): Promise<T> {
  return plan.demo ? withDemoCluster(io, use) : use(plan.clusters[0]!.origins);
}

// The simulator is loaded only here, so the normal path never pays for it.
async function withDemoCluster<T>(io: Io, use: (origins: string[]) => Promise<T>): Promise<T> {
  const sim = await import('../sim/index.js');
  const cluster = await sim.startCluster(sim.builtinScenario('demo'));
  try {
    // A controller that answers, so the demo never starts from a killed one.
    const { answeringNode } = await import('./simulate.js');
    const first = answeringNode(cluster) ?? cluster.nodes[0]!;
    io.stderr.write(
      `demo: a simulated ${cluster.nodes.length}-controller cluster on 127.0.0.1 whose ctrl3 replica ` +
        `lags; asking ${first.url} and discovering the rest\n`,
    );
    return await use([new URL(first.url).origin]);
  } finally {
    await cluster.close();
  }
}
