// `ziti-status list controllers`: poll every controller, reconcile, render, and map the verdict to
// an exit code.
import { startDeadline } from '../client/deadline.js';
import { createHttpClient } from '../client/http-client.js';
import { exitCodeFor } from '../exit-codes.js';
import type { Io } from '../io.js';
import type { ClusterView } from '../model.js';
import { pollCluster } from '../poll.js';
import { reconcile } from '../reconcile.js';
import { decideColorLevel, makeChalk, type ColorMode } from '../render/color.js';
import { render } from '../render/index.js';
import type { ListOptions } from './list-controllers-options.js';

export async function runListControllers(options: ListOptions, colorMode: ColorMode, io: Io): Promise<number> {
  const view = options.demo ? await withDemoCluster(io, (origins) => inspect({ ...options, origins }, io)) : await inspect(options, io);
  const tty = io.stdout.isTTY === true;
  const ctx = { chalk: makeChalk(decideColorLevel(colorMode, io.env, tty)), now: io.now(), tty, columns: io.stdout.columns };
  io.stdout.write(render(view, options.format, ctx));
  return exitCodeFor(view.cluster.verdict, options.failOn);
}

/** Polls and reconciles within one deadline for the whole run. */
export async function inspect(options: Pick<ListOptions, 'origins' | 'discover' | 'timeoutMs'>, io: Io): Promise<ClusterView> {
  const deadline = startDeadline(options.timeoutMs, io.startedAt);
  const client = createHttpClient({ deadline });
  try {
    const evidence = await pollCluster({ origins: options.origins, discover: options.discover, client, deadline });
    return reconcile(evidence, io.now());
  } finally {
    deadline.dispose();
    await client.close();
  }
}

// The simulator is loaded only here, so the normal path never pays for it.
async function withDemoCluster<T>(io: Io, use: (origins: string[]) => Promise<T>): Promise<T> {
  const sim = await import('../sim/index.js');
  const cluster = await sim.startCluster(sim.builtinScenario('demo'));
  try {
    const first = cluster.nodes[0]!;
    io.stderr.write(`demo: a simulated ${cluster.nodes.length}-controller cluster on 127.0.0.1 whose ctrl3 replica lags; asking ${first.url} and discovering the rest\n`);
    return await use([new URL(first.url).origin]);
  } finally {
    await cluster.close();
  }
}
