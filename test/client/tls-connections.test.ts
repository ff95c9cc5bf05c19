// How many connections and TLS handshakes a run makes (docs/design.md section 9): over https the
// simulator offers h2 by ALPN, as real controllers do, and a healthy run opens ONE TLS connection
// per controller, its requests (logins included) streams on it. ZITI_STATUS_DEBUG_TLS=1 prints the
// count that scripts/bench-real.mjs reads.
import { describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer } from 'node:https';
import { connect as connectTls } from 'node:tls';
import { startDeadline } from '../../src/client/deadline.js';
import { createHttpClient } from '../../src/client/http-client.js';
import { runCli } from '../helpers/cli.js';
import { controllerPki } from '../helpers/pki.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster();
const pki = controllerPki();
const LINE = /^tls: (\d+) handshakes \((\d+) resumed\), (\d+) connections$/m;

function counted(stderr: string): { handshakes: number; resumed: number; connections: number } {
  const match = LINE.exec(stderr);
  if (match === null) throw new Error(`no tls line on stderr: ${stderr}`);
  return { handshakes: Number(match[1]), resumed: Number(match[2]), connections: Number(match[3]) };
}

describe('connections per run', () => {
  it('a healthy 3-node run over https with a login: one TLS connection per controller', async () => {
    const cluster = await start({ nodes: 3 }, { tls: pki.simTls() });
    const args = ['list', 'controllers', '-c', cluster.url('ctrl1'), '--ca', pki.root.certPath, '-o', 'json'];
    const out = await runCli([...args, '-u', 'admin', '--password-stdin'], {
      env: { ZITI_STATUS_DEBUG_TLS: '1' },
      stdin: 'admin\n',
    });
    expect(JSON.parse(out.stdout).cluster.verdict).toBe('healthy');
    expect(counted(out.stderr)).toEqual({ handshakes: 3, resumed: 0, connections: 3 });
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    // Every request of the run reached the nodes, none failed for want of a connection.
    for (const id of ['ctrl1', 'ctrl2', 'ctrl3']) expect(cluster.requestLog(id).length).toBeGreaterThanOrEqual(5);
  });

  it('plain http: no handshake, a connection per request in flight; without the variable, no line', async () => {
    const cluster = await start({ nodes: 3 });
    const args = ['list', 'controllers', '-c', cluster.url('ctrl1'), '-o', 'json'];
    const debug = counted((await runCli(args, { env: { ZITI_STATUS_DEBUG_TLS: '1' } })).stderr);
    expect(debug).toMatchObject({ handshakes: 0, resumed: 0 });
    expect(debug.connections).toBeGreaterThanOrEqual(3);
    expect((await runCli(args)).stderr).toBe('');
  });
});

describe('watch: connections kept', () => {
  it('after the first tick no new TLS handshake while the controllers stay up', async () => {
    const cluster = await start({ nodes: 3 }, { tls: pki.simTls() });
    let interrupt = () => {};
    const interrupted = new Promise<NodeJS.Signals>((resolve) => {
      interrupt = () => resolve('SIGINT');
    });
    const args = ['list', 'controllers', '-c', cluster.url('ctrl1'), '--ca', pki.root.certPath, '-o', 'json'];
    const out = await runCli([...args, '--watch', '250ms'], {
      env: { ZITI_STATUS_DEBUG_TLS: '1' },
      untilInterrupted: () => interrupted,
      onStdout: (text) => {
        if (text.split('\n').length > 4) interrupt(); // four views: three ticks after the first
      },
    });
    expect(counted(out.stderr)).toEqual({ handshakes: 3, resumed: 0, connections: 3 });
  });
});

describe('HTTP/2 by ALPN', () => {
  it('the simulator offers h2 and http/1.1 and prefers h2, as a real controller does', async () => {
    const cluster = await start({ nodes: 1 }, { tls: pki.simTls() });
    const { port } = new URL(cluster.url('ctrl1'));
    for (const [offered, chosen] of [
      [['http/1.1', 'h2'], 'h2'],
      [['http/1.1'], 'http/1.1'],
    ] as const) {
      const socket = connectTls({
        host: '127.0.0.1',
        port: Number(port),
        ca: pki.root.cert,
        ALPNProtocols: [...offered],
      });
      await once(socket, 'secureConnect');
      expect(socket.alpnProtocol).toBe(chosen);
      socket.destroy();
    }
  });

  it('a TLS server without h2: the requests take turns on one HTTP/1.1 connection, all answered', async () => {
    const { key, cert } = pki.controller('ctrl1');
    let inFlight = 0;
    let most = 0;
    const server = createServer({ key, cert }, (_req, res) => {
      most = Math.max(most, ++inFlight);
      setImmediate(() => {
        inFlight--;
        res.end('{}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const deadline = startDeadline(3000);
    const client = createHttpClient({ deadline, tls: { ca: pki.root.cert } });
    try {
      const { port } = server.address() as { port: number };
      const url = new URL(`https://127.0.0.1:${port}/x`);
      const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => client.get(url)));
      expect(outcomes.map((o) => o.ok && o.response.status)).toEqual([200, 200, 200, 200, 200]);
      expect(most).toBe(1); // never pipelined
      expect(client.tlsStats()).toEqual({ connections: 1, handshakes: 1, resumed: 0 });
    } finally {
      deadline.dispose();
      await client.close();
      server.close();
    }
  });
});
