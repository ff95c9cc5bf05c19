// The run deadline over HTTP/2 (src/client/agent.ts): the simulator, like a real controller,
// offers h2 by ALPN, and a poll's requests share one connection. A controller that hangs (SIGSTOP)
// before the handshake, or after it with the connection open, must still cost no more than the
// deadline, and say which it was.
import { afterEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createSecureServer } from 'node:http2';
import { startDeadline, type Deadline } from '../../src/client/deadline.js';
import { createHttpClient, type HttpClient } from '../../src/client/http-client.js';
import { controllerPki } from '../helpers/pki.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster();
const pki = controllerPki();
const open: { client: HttpClient; deadline: Deadline }[] = [];

afterEach(async () => {
  for (const { client, deadline } of open.splice(0)) {
    deadline.dispose();
    await client.close();
  }
});

function clientWithin(ms: number): HttpClient {
  const deadline = startDeadline(ms);
  const client = createHttpClient({ deadline, tls: { ca: pki.root.cert } });
  open.push({ client, deadline });
  return client;
}

const VERSION = '/edge/management/v1/version';

describe('the deadline over h2', () => {
  it('hung after the handshake, its h2 connection open: every stream ends at the deadline, "no answer"', async () => {
    const cluster = await start({ nodes: 1 }, { tls: pki.simTls() });
    const url = new URL(VERSION, cluster.url('ctrl1'));
    const base = startDeadline(5000);
    const first = createHttpClient({ deadline: base, tls: { ca: pki.root.cert } });
    open.push({ client: first, deadline: base });
    expect((await first.get(url)).ok).toBe(true);
    cluster.hang('ctrl1');
    const bounded = first.withDeadline(startDeadline(300));
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => bounded.get(url)));
    for (const o of outcomes) {
      expect(o.ok).toBe(false);
      if (!o.ok)
        expect(o.failure).toEqual({
          kind: 'timeout',
          message: `no answer from ${url.origin} within the 300 ms deadline`,
        });
    }
    // All of it on the one connection the first request opened.
    expect(first.tlsStats()).toEqual({ connections: 1, handshakes: 1, resumed: 0 });
  });

  it('hung before the handshake: the requests waiting for the one connection end at the deadline, "handshake"', async () => {
    const cluster = await start({ nodes: 1 }, { tls: pki.simTls() });
    cluster.hang('ctrl1');
    const client = clientWithin(300);
    const url = new URL(VERSION, cluster.url('ctrl1'));
    const outcomes = await Promise.all([1, 2, 3].map(() => client.get(url)));
    for (const o of outcomes) {
      expect(o.ok).toBe(false);
      if (!o.ok)
        expect(o.failure).toEqual({
          kind: 'timeout',
          message: `TLS handshake with ${url.origin} not completed within the 300 ms deadline`,
        });
    }
    expect(client.tlsStats()).toMatchObject({ handshakes: 0, connections: 1 });
  });

  it('a body that stops halfway on its h2 stream: the read ends at the deadline', async () => {
    const cluster = await start({ nodes: 1 }, { tls: pki.simTls() });
    cluster.setRawHandler('ctrl1', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
    });
    const client = clientWithin(300);
    const url = new URL(VERSION, cluster.url('ctrl1'));
    const outcome = await client.get(url);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.failure.kind).toBe('timeout');
    expect(client.tlsStats()).toEqual({ connections: 1, handshakes: 1, resumed: 0 });
  });
});

describe('an idle h2 connection', () => {
  it('is closed by the client before the server would, and the next request reconnects (resumed)', async () => {
    const { key, cert } = pki.controller('ctrl1');
    const server = createSecureServer({ key, cert }, (_req, res) => res.end('{}'));
    const closed: Promise<unknown>[] = [];
    server.on('session', (session) => closed.push(once(session, 'close')));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const deadline = startDeadline(5000);
    const client = createHttpClient({ deadline, tls: { ca: pki.root.cert }, idleCloseMs: 1 });
    open.push({ client, deadline });
    try {
      const url = new URL(`https://127.0.0.1:${(server.address() as { port: number }).port}/x`);
      expect((await client.get(url)).ok).toBe(true);
      await closed[0]; // the client ended it: nothing of the server's closes a session
      expect((await client.get(url)).ok).toBe(true);
      expect(client.tlsStats()).toEqual({ connections: 2, handshakes: 2, resumed: 1 });
    } finally {
      server.close();
    }
  });
});
