// The raft-index inspection as the client sends and reads it: asked of each controller about itself
// alone (so a hung peer cannot stall it, as on real v2.0.3), not asked when the controller's own
// replica does not say who it is, and every bad answer a clear failure of that one signal.
import { afterEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDeadline } from '../src/client/deadline.js';
import { exactIdPattern, fetchRaftIndex } from '../src/client/fetch-inspection.js';
import { fetchSignals } from '../src/client/fetch-signals.js';
import { createHttpClient, type HttpClient } from '../src/client/http-client.js';
import type { Outcome } from '../src/evidence.js';
import { FIRST_RAFT_INDEX } from '../src/sim/cluster-model.js';
import { SIM_TIMELINE } from '../src/sim/inspect-route.js';
import { controllerPki } from './helpers/pki.js';
import { useSimCluster } from './helpers/sim-cluster.js';

const start = useSimCluster();
const servers: Server[] = [];
const clients: Array<{ client: HttpClient; dispose(): void }> = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
  for (const c of clients.splice(0)) {
    c.dispose();
    await c.client.close();
  }
});

function newClient(timeoutMs = 2000, ca?: string): HttpClient {
  const deadline = startDeadline(timeoutMs);
  const client = createHttpClient({ deadline, ...(ca === undefined ? {} : { tls: { ca } }) });
  clients.push({ client, dispose: () => deadline.dispose() });
  return client;
}

/** A server answering the inspection with `body`; it records what it was sent. */
async function inspectionServer(body: unknown, status = 200): Promise<{ origin: string; sent: string[] }> {
  const sent: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c;
    });
    req.on('end', () => {
      sent.push(`${req.method} ${req.url} ${req.headers['content-type']} ${text}`);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent };
}

const failureOf = (o: Outcome<unknown>) => {
  if (o.ok) throw new Error(`expected a failure, got ${JSON.stringify(o.value)}`);
  return o.failure;
};

describe('the raft-index inspection', () => {
  it('asks each simulated controller about itself; a hung peer does not stall the leader', async () => {
    const c = await start({ nodes: 3, steps: [{ action: 'hang', node: 'ctrl3' }] });
    const signals = await fetchSignals(newClient(), c.url('ctrl1'));
    expect(signals.inspection).toMatchObject({
      ok: true,
      status: 200,
      value: { askedFor: 'ctrl1', index: { index: FIRST_RAFT_INDEX, timeline: SIM_TIMELINE } },
    });
    expect(c.requestLog('ctrl1').filter((r) => r.path === '/fabric/v1/inspections')).toEqual([
      { method: 'POST', path: '/fabric/v1/inspections', hasAuth: false, status: 200 },
    ]);
  });

  it('sends appRegex ^id$ for data-model-index, as JSON, and reads its own value only', async () => {
    const { origin, sent } = await inspectionServer({
      errors: null,
      success: true,
      values: [
        { appId: 'other', name: 'data-model-index', value: { index: 1, timeline: 't' } },
        { appId: 'ctrl.1', name: 'data-model-index', value: { index: 81, timeline: 't' } },
      ],
    });
    const outcome = await fetchRaftIndex(newClient(), origin, 'ctrl.1', {});
    expect(outcome).toMatchObject({ ok: true, value: { askedFor: 'ctrl.1', index: { index: 81, timeline: 't' } } });
    expect(sent).toEqual([
      'POST /fabric/v1/inspections application/json {"appRegex":"^ctrl\\\\.1$","requestedValues":["data-model-index"]}',
    ]);
  });

  it('escapes every RE2 metacharacter of an id, so it matches only itself', () => {
    const id = 'a.b*c+d?e(f)g[h]i{j}k|l^m$n\\o';
    const pattern = exactIdPattern(id);
    expect(new RegExp(pattern).test(id)).toBe(true);
    expect(new RegExp(pattern).test(`x${id}`)).toBe(false);
    expect(new RegExp(exactIdPattern('ctrl.1')).test('ctrlX1')).toBe(false);
  });

  it('success with no value for it (values null, as real v2.0.3 sends): answered, index unknown', async () => {
    const { origin } = await inspectionServer({ errors: null, success: true, values: null });
    expect(await fetchRaftIndex(newClient(), origin, 'ctrl1', {})).toMatchObject({
      ok: true,
      value: { askedFor: 'ctrl1', index: null },
    });
  });

  it.each([
    [
      'success false (the controller says why)',
      { errors: ['ctrl1: error parsing regexp'], success: false, values: null },
      /^unexpected payload on \/fabric\/v1\/inspections: the inspection failed: ctrl1: error parsing regexp$/,
    ],
    [
      'its value not {index, timeline}',
      { success: true, values: [{ appId: 'ctrl1', name: 'data-model-index', value: { index: '7' } }] },
      /^unexpected payload on \/fabric\/v1\/inspections: data-model-index of "ctrl1" is not \{index, timeline\}$/,
    ],
    [
      'a negative index',
      { success: true, values: [{ appId: 'ctrl1', name: 'data-model-index', value: { index: -1, timeline: 't' } }] },
      /data-model-index of "ctrl1" is not \{index, timeline\}$/,
    ],
    ['the wrong shape', { data: [] }, /^unexpected payload on \/fabric\/v1\/inspections: success: /],
    ['not JSON', '{"success": tr', /^invalid JSON on \/fabric\/v1\/inspections: /],
  ])('%s: a schema failure of this signal, with the evidence', async (_what, body, message) => {
    const { origin } = await inspectionServer(body);
    const failure = failureOf(await fetchRaftIndex(newClient(), origin, 'ctrl1', {}));
    expect(failure.kind === 'schema' || failure.kind === 'invalid-json').toBe(true);
    expect(failure.message).toMatch(message);
  });

  it('a 401 without a challenge to a request with a session is a missing permission, not a failure of the controller', async () => {
    const { origin } = await inspectionServer(
      { error: { code: 'UNAUTHORIZED', message: 'not authorized', requestId: 'x' }, meta: {} },
      401,
    );
    const failure = failureOf(await fetchRaftIndex(newClient(), origin, 'ctrl1', { 'zt-session': 'abc' }));
    expect(failure).toMatchObject({ kind: 'http', status: 401, auth: 'permission' });
  });

  it('over TLS asks about the controller its certificate names, without waiting for its replica', async () => {
    const pki = controllerPki();
    const c = await start({ nodes: 3 }, { tls: pki.simTls() });
    // The replica fails, so only the certificate (SPIFFE id .../controller/ctrl2) can say whom to ask about.
    c.setResponseFault('ctrl2', 'controllers', 500);
    const signals = await fetchSignals(newClient(2000, pki.root.cert), c.url('ctrl2'));
    expect(signals.replica.ok).toBe(false);
    expect(signals.inspection).toMatchObject({
      ok: true,
      value: { askedFor: 'ctrl2', index: { index: FIRST_RAFT_INDEX } },
    });
    // Over plain http there is no certificate: the failed replica leaves the inspection not asked.
    const plain = await start({ nodes: 3 });
    plain.setResponseFault('ctrl2', 'controllers', 500);
    const unnamed = await fetchSignals(newClient(), plain.url('ctrl2'));
    expect(unnamed.inspection.ok && unnamed.inspection.value).toBe(null);
    expect(plain.requestLog('ctrl2').filter((r) => r.path === '/fabric/v1/inspections')).toEqual([]);
  });

  it('over http asks a discovered address about the controller the replica row named it for, at once', async () => {
    const c = await start({ nodes: 3 });
    c.setResponseFault('ctrl2', 'controllers', 500);
    const signals = await fetchSignals(newClient(), c.url('ctrl2'), null, { expectedId: 'ctrl2' });
    expect(signals.replica.ok).toBe(false);
    expect(signals.inspection).toMatchObject({
      ok: true,
      value: { askedFor: 'ctrl2', index: { index: FIRST_RAFT_INDEX } },
    });
  });

  it('not asked when its own replica does not name the address it was reached at (a load balancer)', async () => {
    const row = {
      id: 'ctrl1',
      name: 'ctrl1',
      createdAt: '2026-12-02T00:00:00.000Z',
      updatedAt: '2026-12-02T00:00:00.000Z',
      isOnline: true,
      lastJoinedAt: null,
      fingerprint: 'f'.repeat(40),
      certPem: 'c',
      _links: {},
      apiAddresses: {
        'edge-management': [{ url: 'https://ctrl1.elsewhere.example:1280/edge/management/v1', version: 'v1' }],
      },
    };
    const { origin, sent } = await inspectionServer({
      data: [row],
      meta: { pagination: { limit: 500, offset: 0, totalCount: 1 } },
    });
    const signals = await fetchSignals(newClient(), origin);
    expect(signals.replica.ok).toBe(true);
    expect(signals.inspection).toMatchObject({ ok: true, value: null });
    expect(sent.filter((line) => line.startsWith('POST'))).toEqual([]);
  });
});
