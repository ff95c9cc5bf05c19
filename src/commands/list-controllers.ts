// `ziti-status list controllers`: resolve settings, poll every controller, reconcile, render, and
// map the verdict to an exit code.
import { Authenticator } from '../client/auth/authenticator.js';
import type { Credentials } from '../client/auth/credentials.js';
import { startDeadline } from '../client/deadline.js';
import { createHttpClient, type TlsOptions } from '../client/http-client.js';
import { resolveCredentials } from '../config/resolve-credentials.js';
import { resolveSettings, type ConnectionFlags } from '../config/resolve.js';
import { readTlsFiles } from '../config/tls-files.js';
import { UsageError } from '../config/usage-error.js';
import { exitCodeFor } from '../exit-codes.js';
import type { Io } from '../io.js';
import type { ClusterView } from '../model.js';
import { pollCluster } from '../poll.js';
import { reconcile } from '../reconcile.js';
import { decideColorLevel, type ColorMode } from '../render/color.js';
import { render } from '../render/index.js';

export const NO_TARGET_HELP = `no controllers to ask. Point ziti-status at a cluster with one of:
  --controller https://ctrl1.example:1280     (repeatable or comma-separated; one is enough, the rest are discovered)
  ZITI_STATUS_CONTROLLERS=ctrl1.example:1280  (environment)
  controllers: [...] in ./ziti-status.yaml    (or --config FILE)
  ziti edge login https://ctrl1.example:1280  (ziti-status then uses that stored login)
or try --demo for a simulated cluster`;

export interface InspectOptions {
  origins: string[];
  discover: boolean;
  timeoutMs: number;
  tls?: TlsOptions;
  credentials?: Credentials;
}

export async function runListControllers(flags: ConnectionFlags & { demo?: boolean }, colorMode: ColorMode, io: Io): Promise<number> {
  const demo = flags.demo === true;
  if (demo && flags.controller.length > 0) throw new UsageError('--demo starts its own simulated cluster; drop --controller, or drop --demo to ask a real one');
  const settings = await resolveSettings(flags, { env: io.env, cwd: io.cwd, homeDir: io.homeDir, platform: io.platform, stdoutIsTTY: io.stdout.isTTY === true, demo });
  if (!demo && settings.origins.value.length === 0) throw new UsageError(NO_TARGET_HELP);
  const tls = await readTlsFiles({ ca: settings.ca.value, cert: settings.cert.value, key: settings.key.value, insecure: settings.insecure.value });
  if (tls.insecure) io.stderr.write('ziti-status: warning: --insecure: TLS certificates are NOT verified; anyone on the path can impersonate a controller\n');
  const warn = (message: string) => io.stderr.write(`ziti-status: warning: ${message}\n`);
  const credentials = demo ? { kind: 'none' as const } : await resolveCredentials(flags, settings, { env: io.env, readStdin: io.readStdin, promptHidden: io.promptHidden, warn });

  const options = { discover: settings.discover.value, timeoutMs: settings.timeoutMs.value, tls, credentials };
  const view = demo
    ? await withDemoCluster(io, (origins) => inspect({ ...options, origins }, io))
    : await inspect({ ...options, origins: settings.origins.value }, io);
  const tty = io.stdout.isTTY === true;
  const ctx = { colorLevel: decideColorLevel(colorMode, io.env, tty), now: io.now(), tty, columns: io.stdout.columns };
  io.stdout.write(await render(view, settings.format.value, ctx));
  return exitCodeFor(view.cluster.verdict, settings.failOn.value);
}

/** Polls and reconciles within one deadline for the whole run, logins included. */
export async function inspect(options: InspectOptions, io: Io): Promise<ClusterView> {
  const deadline = startDeadline(options.timeoutMs, io.startedAt);
  const client = createHttpClient({ deadline, ...(options.tls ? { tls: options.tls } : {}) });
  const auth = new Authenticator(client, options.credentials ?? { kind: 'none' }, io.now);
  try {
    const evidence = await pollCluster({ origins: options.origins, discover: options.discover, client, auth, deadline });
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
