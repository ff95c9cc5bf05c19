// Opening a simulated cluster's nodes: a server for each controller (HTTPS with its own certificate
// under `tls`), a port that refuses connections for a removed one, and the runtime each keeps. Apart
// from SimCluster (cluster.ts), which drives the nodes once they are open.
import { makeIdentity } from './identity.js';
import { nodeBehaviour, type ClusterParts, type Runtime } from './node-runtime.js';
import { NodeServer } from './node-server.js';
import { nodeTls, type SimTlsOptions } from './node-tls.js';
import type { Scenario } from './scenario.js';
import { deadPort } from './dead-port.js';

const YEAR_MS = 365 * 86_400_000;

/**
 * Opens every controller of `scenario` on `host`, in scenario order, into `runtimes`: the caller's
 * map, so that when one fails to listen the servers already open are there for it to stop.
 */
export async function openNodes(
  scenario: Scenario,
  host: string,
  tls: SimTlsOptions | undefined,
  parts: ClusterParts,
  runtimes: Map<string, Runtime>,
): Promise<void> {
  const scheme = tls ? 'https' : 'http';
  const now = Date.now();
  for (const [index, c] of scenario.controllers.entries()) {
    if (tls && (c.certNotBeforeMs !== undefined || c.certNotAfterMs !== undefined))
      throw new Error(
        `controller "${c.id}": certNotBeforeMs/certNotAfterMs apply over plain HTTP only; under tls it ` +
          "serves the certificate certFor gives, with that certificate's dates",
      );
    const ownTls = tls && nodeTls(tls, c);
    const server = c.removed ? null : new NodeServer(host, nodeBehaviour(parts, c.id), ownTls);
    if (server) await server.listen(0);
    const port = server ? server.port : await deadPort(host);
    const { id, name, version, voter, readOnly, preferredLeader, removed } = c;
    const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const identity = makeIdentity(
      { id, name, version, voter, readOnly, preferredLeader, removed },
      index,
      url,
      host,
      ownTls?.cert,
      {
        notBefore: now + (c.certNotBeforeMs ?? -(scenario.startedAgoMs + 60_000)),
        notAfter: now + (c.certNotAfterMs ?? YEAR_MS),
      },
    );
    runtimes.set(c.id, {
      identity,
      server,
      faults: new Map(),
      latencyMs: 0,
      jitterMs: 0,
      log: [],
      rawHandler: null,
    });
  }
}
