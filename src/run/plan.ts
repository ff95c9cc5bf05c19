// The pure planner between reading the settings and running (docs/design.md section 6): from the
// resolved settings (TLS files already read) and the flags, everything a run will do, decided
// and checked before anything connects or prompts. One planner for list, watch and serve, so
// their checks and warnings cannot drift apart.
import type { TlsOptions } from '../client/http-client.js';
import { parseDuration } from '../config/duration.js';
import { decideCredentials, type CredentialPlan } from '../config/resolve-credentials.js';
import type { Settings } from '../config/resolve.js';
import { UsageError } from '../errors.js';
import type { FailOn } from '../exit-codes.js';
import { defaultFormat, type PrintRequest } from '../render/printer.js';
import type { ListFlags, RunFlags, ServeFlags } from './flags.js';
import { MIN_INTERVAL_MS } from './limits.js';
import { planPolicy } from './policy.js';
import type { ReconcilePolicy } from '../reconcile/policy.js';

/**
 * The settings a plan is made from: the resolved settings, the PEM contents of their TLS files, and whether stdout is a
 * terminal.
 */
export interface RunSettings extends Settings {
  tls: TlsOptions;
  stdoutIsTTY: boolean;
}

export interface ClusterTargets {
  /** The `cluster` label of serve's metrics; 'default' for list. */
  name: string;
  /** Empty for --demo until its simulated cluster has started. */
  origins: string[];
}

/** How often a watch or serve polls, and when its evidence goes stale. */
export interface LoopTiming {
  intervalMs: number;
  staleAfterMs: number;
  dynamicTimeout: boolean;
}

export interface RunPlan {
  mode: 'once' | 'watch' | 'serve';
  clusters: ClusterTargets[];
  demo: boolean;
  discover: boolean;
  tls: TlsOptions;
  credentials: CredentialPlan;
  /** --timeout: the whole run's deadline once, the base of each poll's in watch and serve. */
  timeoutMs: number;
  /** Null for a single run. */
  loop: LoopTiming | null;
  /** The thresholds the reconcile rules compare evidence with. */
  policy: ReconcilePolicy;
  /** What list prints (render's printer checks and honours it); null for serve, which serves its views instead. */
  output: PrintRequest | null;
  failOn: FailOn;
  filter: string | null;
  auditLogPath: string | null;
  /** Where serve answers; null for list. */
  listen: { host: string; port: number } | null;
  /** Written once the plan stands, before the run connects. */
  warnings: string[];
}

const INSECURE_WARNING =
  '--insecure: TLS certificates are NOT verified; anyone on the path can impersonate a controller';

const POINT_AT_A_CLUSTER = `no controllers to ask. Point ziti-status at a cluster with one of:
  --controller https://ctrl1.example:1280     (repeatable or comma-separated; one is enough, the rest are discovered)
  ZITI_STATUS_CONTROLLERS=ctrl1.example:1280  (environment)
  controllers: [...] in ./ziti-status.yaml    (or --config FILE)
  ziti edge login https://ctrl1.example:1280  (ziti-status then uses that stored login)`;

/** Each command's own last way to name a cluster. */
const LAST_WAY: Record<RunFlags['command'], string> = {
  list: 'or try --demo for a simulated cluster',
  serve: 'or list clusters: [{name, controllers}] in the config file',
};

export function noTargetHelp(command: RunFlags['command']): string {
  return `${POINT_AT_A_CLUSTER}\n${LAST_WAY[command]}`;
}

export function planRun(settings: RunSettings, flags: RunFlags): RunPlan {
  const demo = flags.command === 'list' && flags.demo === true;
  if (demo && flags.controller.length > 0)
    throw new UsageError(
      '--demo starts its own simulated cluster; drop --controller, or drop --demo to ask a real one',
    );
  const demoIgnores = demo ? loginFlagsGiven(flags) : [];
  if (demoIgnores.length > 0)
    throw new UsageError(
      `--demo's simulated cluster needs no login and no TLS: drop ${demoIgnores.join(', ')}, or drop --demo ` +
        'to ask a real cluster',
    );
  const clusters =
    flags.command === 'serve'
      ? serveClusters(settings, flags)
      : [{ name: 'default', origins: demo ? [] : settings.origins.value }];
  const clustersNote = flags.command === 'list' ? listIgnoresClusters(settings) : [];
  if (!demo && clusters.some((c) => c.origins.length === 0))
    throw new UsageError([noTargetHelp(flags.command), ...clustersNote].join('\n'));
  const loop = flags.command === 'serve' ? serveLoop(settings, flags) : watchLoop(settings, flags);
  const listen = flags.command === 'serve' ? parseListen(flags.listen) : null;
  const decision = demo ? { credentials: { kind: 'none' as const }, warnings: [] } : decideCredentials(flags, settings);
  return {
    mode: flags.command === 'serve' ? 'serve' : loop === null ? 'once' : 'watch',
    clusters,
    demo,
    discover: settings.discover.value,
    tls: settings.tls,
    credentials: decision.credentials,
    timeoutMs: settings.timeoutMs.value,
    loop,
    policy: planPolicy(flags, loop !== null),
    output: flags.command === 'list' ? printRequest(settings, flags, loop === null ? 'once' : 'watch') : null,
    failOn: settings.failOn.value,
    filter: flags.command === 'list' ? (flags.filter ?? null) : null,
    auditLogPath: flags.command === 'list' ? (flags.auditLog ?? null) : null,
    listen,
    warnings: [...(settings.tls.insecure === true ? [INSECURE_WARNING] : []), ...clustersNote, ...decision.warnings],
  };
}

/** The login and TLS flags given on the command line (what --demo would otherwise leave unused). */
function loginFlagsGiven(flags: RunFlags): string[] {
  return [
    flags.username !== undefined && '--username',
    flags.password !== undefined && '--password',
    flags.passwordStdin === true && '--password-stdin',
    flags.token !== undefined && '--token',
    flags.cliIdentity !== undefined && '--cli-identity',
    flags.loginMethod !== undefined && '--login-method',
    flags.ca !== undefined && '--ca',
    flags.cert !== undefined && '--cert',
    flags.key !== undefined && '--key',
    flags.insecure === true && '--insecure',
  ].filter((f): f is string => typeof f === 'string');
}

/** The format named by a flag or the config file, else the one that suits the run (render's defaultFormat). */
function printRequest(settings: RunSettings, flags: ListFlags, mode: PrintRequest['mode']): PrintRequest {
  const request = {
    mode,
    zitiCompat: flags.zitiCompat === true,
    events: flags.events === true,
    noHeaders: flags.headers === false,
  };
  return {
    ...request,
    format: settings.format.source === 'default' ? defaultFormat(request, settings.stdoutIsTTY) : settings.format.value,
  };
}

/**
 * A cluster per `clusters:` entry of the config file, unless targets are named on the command line or in the
 * environment.
 */
function serveClusters(settings: Settings, flags: ServeFlags): ClusterTargets[] {
  const fromFile = settings.config?.settings.clusters;
  const explicit = settings.origins.source === 'flag' || settings.origins.source === 'env';
  if (fromFile !== undefined && !explicit) {
    // Each of the file's clusters has its own name: one for targets that are not given would be ignored.
    if (flags.clusterName !== undefined)
      throw new UsageError(
        `--cluster-name names the targets given on the command line; the clusters: in ` +
          `${settings.config!.path} name themselves: drop it, or give the targets with --controller`,
      );
    return fromFile.map((c) => ({ name: c.name, origins: c.controllers }));
  }
  return [{ name: flags.clusterName ?? 'default', origins: settings.origins.value }];
}

/** A config file's clusters: names serve's clusters; list asks controllers: (or --controller) only, and says so. */
function listIgnoresClusters(settings: Settings): string[] {
  if (settings.config?.settings.clusters === undefined) return [];
  return [
    `clusters: in ${settings.config.path} is read only by \`ziti-status serve\`; list controllers asks ` +
      `--controller or controllers:`,
  ];
}

/** The watch timing, or null for a single run; watch-only flags without --watch are usage errors. */
function watchLoop(settings: Settings, flags: ListFlags): LoopTiming | null {
  if (flags.watch === undefined) {
    const stray = [
      flags.events && '--events',
      flags.staleAfter !== undefined && '--stale-after',
      flags.auditLog !== undefined && '--audit-log',
      flags.dynamicTimeout === false && '--no-dynamic-timeout',
    ].filter(Boolean);
    if (stray.length > 0) throw new UsageError(`${stray.join(', ')} only work with --watch; add --watch [interval]`);
    return null;
  }
  const intervalMs = checkedInterval(
    flags.watch === true ? settings.intervalMs.value : parseDuration(flags.watch, '--watch'),
    '--watch',
  );
  const staleAfterMs =
    flags.staleAfter === undefined ? 3 * intervalMs : parseDuration(flags.staleAfter, '--stale-after');
  return { intervalMs, staleAfterMs, dynamicTimeout: settings.dynamicTimeout.value };
}

function serveLoop(settings: Settings, flags: ServeFlags): LoopTiming {
  const intervalMs = checkedInterval(
    flags.interval === undefined ? settings.intervalMs.value : parseDuration(flags.interval, '--interval'),
    '--interval',
  );
  return { intervalMs, staleAfterMs: 3 * intervalMs, dynamicTimeout: settings.dynamicTimeout.value };
}

function checkedInterval(intervalMs: number, flag: string): number {
  if (intervalMs < MIN_INTERVAL_MS)
    throw new UsageError(`${flag}: ${intervalMs}ms is too short; the interval is at least ${MIN_INTERVAL_MS}ms`);
  return intervalMs;
}

/** host:port; ':port' (no host) is every interface, as Prometheus exporters take it, and host is then ''. */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)?:(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[2]);
  if (match === null || port > 65535)
    throw new UsageError(
      `--listen: '${text}' is not host:port; e.g. 127.0.0.1:9464, or :9464 for every interface (port 0 ` +
        `picks a free one)`,
    );
  return { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port };
}
