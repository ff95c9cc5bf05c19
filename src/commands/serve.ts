// `ziti-status serve`: the watch loop for one or several clusters, with the latest view of each
// served as Prometheus metrics (/metrics) and a liveness answer (/healthz), until SIGTERM.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { ClusterView } from '../model.js';
import { renderPrometheus } from '../render/prometheus.js';
import { WatchEngine, type WatchSettings } from '../watch/engine.js';
import { untilNextTick } from '../watch/next-tick.js';
import { openPollingSession } from '../watch/polling-session.js';
import type { InspectOptions } from './list-controllers.js';

export interface ServeCluster {
  name: string;
  origins: string[];
}

export interface ServeOptions extends Omit<WatchSettings, 'origins'> {
  listen: { host: string; port: number };
  clusters: ServeCluster[];
}

export function parseListen(text: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[2]);
  if (match === null || port > 65535) throw new UsageError(`--listen: '${text}' is not host:port; e.g. 127.0.0.1:9464 (port 0 picks a free one)`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

export async function runServe(options: ServeOptions, connection: Pick<InspectOptions, 'tls' | 'credentials'>, io: Io): Promise<number> {
  const session = await openPollingSession(connection, io);
  const latest = new Map<string, ClusterView>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET' }).end();
    if (path === '/metrics') {
      const views = options.clusters.flatMap((c) => (latest.has(c.name) ? [{ view: latest.get(c.name)!, labels: { cluster: c.name } }] : []));
      return void res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(renderPrometheus(views));
    }
    if (path === '/healthz') {
      const ready = latest.size === options.clusters.length;
      return void res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ok\n' : 'starting: no view yet\n');
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics or /healthz\n');
  });
  await listen(server, options.listen);
  const { address, port } = server.address() as AddressInfo;
  const where = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  io.stdout.write(`serving http://${where}/metrics for ${options.clusters.map((c) => c.name).join(', ')}\n`);

  const stop = io.untilInterrupted();
  let stopped = false;
  void stop.then(() => (stopped = true));
  const loop = async (cluster: ServeCluster) => {
    const engine = new WatchEngine({ ...options, origins: cluster.origins }, session.client, session.auth, session.history, io.now);
    while (!stopped) {
      const tickStarted = performance.now();
      latest.set(cluster.name, await engine.tick());
      await untilNextTick(stop, tickStarted + options.intervalMs - performance.now());
    }
  };
  try {
    await Promise.all(options.clusters.map(loop));
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await session.close();
  }
  // A service asked to stop is a normal end, not a failure for systemd or a supervisor.
  return 0;
}

function listen(server: Server, at: { host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new UsageError(`--listen ${at.host}:${at.port}: ${err.code ?? err.message}; pick another port`)));
    server.listen(at.port, at.host, () => resolve());
  });
}
