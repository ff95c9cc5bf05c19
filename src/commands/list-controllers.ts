// `ziti-status list controllers`: resolve settings, poll every controller, reconcile, render, and
// map the verdict to an exit code.
import type { Credentials } from '../client/auth/credentials.js';
import type { TlsOptions } from '../client/http-client.js';
import { credentialInput, resolveCredentials } from '../config/resolve-credentials.js';
import { resolveSettings, type ConnectionFlags, type Settings } from '../config/resolve.js';
import { parseDuration } from '../config/duration.js';
import type { WatchOptions } from './watch.js';
import { readTlsFiles } from '../config/tls-files.js';
import { UsageError } from '../errors.js';
import { exitCodeFor } from '../exit-codes.js';
import type { Io } from '../io.js';
import type { ClusterView } from '../model.js';
import { decideColorLevel, type ColorMode } from '../render/color.js';
import { render } from '../render/index.js';
import { renderZitiCompat } from '../render/ziti-compat.js';
import { inspect } from './inspect.js';

const MIN_INTERVAL_MS = 250;

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
  filter?: string;
}

export interface ListFlags extends ConnectionFlags {
  demo?: boolean;
  watch?: string | true;
  events?: boolean;
  staleAfter?: string;
  auditLog?: string;
  zitiCompat?: boolean;
  /** The optional positional ziti query, e.g. 'isOnline = false'. */
  filter?: string;
}

export async function runListControllers(flags: ListFlags, colorMode: ColorMode, io: Io): Promise<number> {
  const demo = flags.demo === true;
  if (demo && flags.controller.length > 0) throw new UsageError('--demo starts its own simulated cluster; drop --controller, or drop --demo to ask a real one');
  const settings = await resolveSettings(flags, { env: io.env, cwd: io.cwd, homeDir: io.homeDir, platform: io.platform, stdoutIsTTY: io.stdout.isTTY === true, demo });
  if (!demo && settings.origins.value.length === 0) throw new UsageError(NO_TARGET_HELP);
  const watch = resolveWatch(flags, settings);
  const tls = await readTlsFiles({ ca: settings.ca.value, cert: settings.cert.value, key: settings.key.value, insecure: settings.insecure.value });
  if (tls.insecure) io.stderr.write('ziti-status: warning: --insecure: TLS certificates are NOT verified; anyone on the path can impersonate a controller\n');
  const warn = (message: string) => io.stderr.write(`ziti-status: warning: ${message}\n`);
  const credentials = demo ? { kind: 'none' as const } : await resolveCredentials(flags, settings, credentialInput(io, warn));

  const options = { discover: settings.discover.value, timeoutMs: settings.timeoutMs.value, tls, credentials };
  if (watch !== null) {
    // Watch mode's modules load only for --watch.
    const { runWatch } = await import('./watch.js');
    const run = (origins: string[]) => runWatch({ ...watch, origins }, { tls, credentials }, colorMode, io);
    return demo ? withDemoCluster(io, run) : run(settings.origins.value);
  }
  const filter = flags.filter === undefined ? {} : { filter: flags.filter };
  const present = async (view: ClusterView) => {
    if (flags.zitiCompat) {
      io.stdout.write(renderZitiCompat(view));
      return;
    }
    const tty = io.stdout.isTTY === true;
    const ctx = { colorLevel: decideColorLevel(colorMode, io.env, tty), now: io.now(), tty, columns: io.stdout.columns, noHeaders: flags.headers === false };
    io.stdout.write(await render(view, settings.format.value, ctx));
  };
  const view = demo
    ? await withDemoCluster(io, (origins) => inspect({ ...options, ...filter, origins }, io, present))
    : await inspect({ ...options, ...filter, origins: settings.origins.value }, io, present);
  return exitCodeFor(view.cluster.verdict, settings.failOn.value);
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

/** The watch settings, or null for a single run; watch-only flags without --watch are usage errors. */
function resolveWatch(flags: ListFlags, settings: Settings): Omit<WatchOptions, 'origins'> | null {
  if (flags.watch === undefined) {
    const stray = [flags.events && '--events', flags.staleAfter !== undefined && '--stale-after', flags.auditLog !== undefined && '--audit-log'].filter(Boolean);
    if (stray.length > 0) throw new UsageError(`${stray.join(', ')} only work with --watch; add --watch [interval]`);
    return null;
  }
  const intervalMs = flags.watch === true ? settings.intervalMs.value : parseDuration(flags.watch, '--watch');
  if (intervalMs < MIN_INTERVAL_MS) throw new UsageError(`--watch: ${intervalMs}ms is too short; the interval is at least ${MIN_INTERVAL_MS}ms`);
  if (settings.format.source !== 'default' && settings.format.value === 'plain') {
    throw new UsageError('--watch shows a live table on a terminal and JSON lines when piped; drop --output plain');
  }
  return {
    discover: settings.discover.value,
    intervalMs,
    baseTimeoutMs: settings.timeoutMs.value,
    dynamicTimeout: settings.dynamicTimeout.value,
    staleAfterMs: flags.staleAfter === undefined ? 3 * intervalMs : parseDuration(flags.staleAfter, '--stale-after'),
    events: flags.events === true,
    auditLogPath: flags.auditLog ?? null,
    failOn: settings.failOn.value,
  };
}
