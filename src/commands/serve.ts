// `ziti-status serve`: the watch loop for one or several clusters, with the latest view of each
// served as Prometheus metrics (/metrics) and a liveness answer (/healthz), until SIGTERM.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { ClusterView } from '../model.js';
import { renderPrometheus } from '../render/prometheus.js';
import { everyInterval, watchSettings } from '../run/loop.js';
import type { ClusterTargets, LoopTiming, RunPlan } from '../run/plan.js';
import { openSession, type Session } from '../run/session.js';
import { WatchEngine } from '../watch/engine.js';

export async function runServe(plan: RunPlan, io: Io): Promise<number> {
  const loop = plan.loop!;
  const session = await openSession(plan, io);
  try {
    await serveUntilStopped(plan, loop, session, io);
  } finally {
    await session.close();
  }
  // A service asked to stop is a normal end, not a failure for systemd or a supervisor.
  return 0;
}

async function serveUntilStopped(plan: RunPlan, loop: LoopTiming, session: Session, io: Io): Promise<void> {
  const history = await session.history;
  const latest = new Map<string, ClusterView>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    // HEAD answers as GET does, without the body (node:http drops it for HEAD).
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    if (path === '/metrics') {
      const views = plan.clusters.flatMap((c) =>
        latest.has(c.name) ? [{ view: latest.get(c.name)!, labels: { cluster: c.name } }] : [],
      );
      return void res
        .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
        .end(renderPrometheus(views));
    }
    if (path === '/healthz') {
      const ready = latest.size === plan.clusters.length;
      return void res
        .writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' })
        .end(ready ? 'ok\n' : 'starting: no view yet\n');
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics or /healthz\n');
  });
  await listen(server, plan.listen!);
  const { address, port } = server.address() as AddressInfo;
  const where = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  io.stdout.write(`serving http://${where}/metrics for ${plan.clusters.map((c) => c.name).join(', ')}\n`);

  const stop = io.untilInterrupted();
  const watchCluster = async (cluster: ClusterTargets) => {
    const engine = new WatchEngine(
      watchSettings({ ...plan, loop }, cluster.origins),
      session.client,
      session.auth,
      history,
      io.now,
    );
    await everyInterval(stop, loop.intervalMs, async () => void latest.set(cluster.name, await engine.tick()));
  };
  try {
    await Promise.all(plan.clusters.map(watchCluster));
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function listen(server: Server, at: { host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new UsageError(`--listen ${at.host}:${at.port}: ${err.code ?? err.message}; pick another port`)),
    );
    // No host (':9464'): every interface, IPv6 and IPv4.
    if (at.host === '') server.listen(at.port, () => resolve());
    else server.listen(at.port, at.host, () => resolve());
  });
}
