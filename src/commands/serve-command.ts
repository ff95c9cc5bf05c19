// Flags, environment and config file -> the clusters `serve` watches and how it reaches them.
import { credentialInput, resolveCredentials } from '../config/resolve-credentials.js';
import { resolveSettings, type ConnectionFlags } from '../config/resolve.js';
import { parseDuration } from '../config/duration.js';
import { readTlsFiles } from '../config/tls-files.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { NO_TARGET_HELP } from './list-controllers.js';
import { parseListen, runServe, type ServeCluster } from './serve.js';

export interface ServeFlags extends ConnectionFlags {
  listen: string;
  interval?: string;
  clusterName?: string;
}

export async function runServeCommand(targets: string[], flags: ServeFlags, io: Io): Promise<number> {
  const merged = { ...flags, controller: [...flags.controller, ...targets] };
  const settings = await resolveSettings(merged, { env: io.env, cwd: io.cwd, homeDir: io.homeDir, platform: io.platform, stdoutIsTTY: false });
  const fromFile = settings.config?.settings.clusters;
  const explicit = settings.origins.source === 'flag' || settings.origins.source === 'env';
  const clusters: ServeCluster[] =
    fromFile !== undefined && !explicit
      ? fromFile.map((c) => ({ name: c.name, origins: c.controllers }))
      : [{ name: flags.clusterName ?? 'default', origins: settings.origins.value }];
  if (clusters.some((c) => c.origins.length === 0)) throw new UsageError(NO_TARGET_HELP.replace('or try --demo for a simulated cluster', 'or list clusters: [{name, controllers}] in the config file'));
  const intervalMs = flags.interval === undefined ? settings.intervalMs.value : parseDuration(flags.interval, '--interval');
  if (intervalMs < 250) throw new UsageError(`--interval: ${intervalMs}ms is too short; at least 250ms`);
  const tls = await readTlsFiles({ ca: settings.ca.value, cert: settings.cert.value, key: settings.key.value, insecure: settings.insecure.value });
  const warn = (message: string) => io.stderr.write(`ziti-status: warning: ${message}\n`);
  const credentials = await resolveCredentials(merged, settings, credentialInput(io, warn));
  return runServe(
    {
      listen: parseListen(flags.listen),
      clusters,
      discover: settings.discover.value,
      intervalMs,
      baseTimeoutMs: settings.timeoutMs.value,
      dynamicTimeout: settings.dynamicTimeout.value,
      staleAfterMs: 3 * intervalMs,
    },
    { tls, credentials },
    io,
  );
}
