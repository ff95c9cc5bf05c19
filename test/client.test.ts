// The HTTP client against deliberately broken servers on 127.0.0.1: every failure becomes data
// with a kind and a message, within the run deadline.
import { afterEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { startDeadline } from '../src/client/deadline.js';
import { fetchReplica } from '../src/client/fetch-replica.js';
import { fetchSignals } from '../src/client/fetch-signals.js';
import { createHttpClient } from '../src/client/http-client.js';
import type { Outcome } from '../src/evidence.js';

const servers: (Server | NetServer)[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    if ('closeAllConnections' in s) s.closeAllConnections();
    s.close();
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function failureOf(outcome: Outcome<unknown>) {
  if (outcome.ok) throw new Error('expected a failure');
  return outcome.failure;
}

async function replicaFrom(origin: string, timeoutMs = 2000) {
  const deadline = startDeadline(timeoutMs);
  const client = createHttpClient({ deadline, maxBodyBytes: 1024 * 1024 });
  try {
    return await fetchReplica(client, origin);
  } finally {
    deadline.dispose();
    await client.close();
  }
}

const controller = (id: string, isOnline: unknown = true) => ({
  id,
  name: id,
  createdAt: 'x',
  updatedAt: 'x',
  isOnline,
  lastJoinedAt: null,
  fingerprint: 'f',
  certPem: 'c',
  _links: {},
});

describe('fetchReplica', () => {
  it('pages to the end with limit/offset until totalCount is read', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => controller(`c${i}`));
    const seen: string[] = [];
    const origin = await serve((req, res) => {
      const url = new URL(req.url!, 'http://x');
      seen.push(url.search);
      const offset = Number(url.searchParams.get('offset'));
      json(res, 200, {
        data: rows.slice(offset, offset + 3),
        meta: { pagination: { limit: 3, offset, totalCount: 7 } },
      });
    });
    const outcome = await replicaFrom(origin);
    expect(outcome.ok && outcome.value.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(seen).toEqual(['?limit=500&offset=0', '?limit=500&offset=3', '?limit=500&offset=6']);
  });

  it('paging that lies (totalCount larger than the data) is a paging failure, not a loop', async () => {
    const origin = await serve((req, res) => {
      const offset = Number(new URL(req.url!, 'http://x').searchParams.get('offset'));
      json(res, 200, {
        data: offset === 0 ? [controller('c1')] : [],
        meta: { pagination: { limit: 500, offset, totalCount: 50 } },
      });
    });
    expect(failureOf(await replicaFrom(origin))).toMatchObject({
      kind: 'paging',
      message: expect.stringMatching(/totalCount says 50 but the page at offset 1 is empty/),
    });
  });

  it('a wrong type names the field path', async () => {
    const origin = await serve((_req, res) =>
      json(res, 200, { data: [controller('c1', 'yes')], meta: { pagination: { limit: 1, offset: 0, totalCount: 1 } } }),
    );
    expect(failureOf(await replicaFrom(origin))).toMatchObject({
      kind: 'schema',
      message: expect.stringMatching(/data\[0\]\.isOnline: .*expected boolean/),
    });
  });

  it('invalid JSON is invalid-json', async () => {
    const origin = await serve((_req, res) => json(res, 200, '{"data": ['));
    expect(failureOf(await replicaFrom(origin)).kind).toBe('invalid-json');
  });

  it('a body over the cap is too-large, read no further', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 32);
      const pump = () => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      pump(); // endless
      res.on('close', () => res.removeAllListeners('drain'));
    });
    expect(failureOf(await replicaFrom(origin))).toMatchObject({
      kind: 'too-large',
      message: expect.stringMatching(/larger than 1048576 bytes/),
    });
  });

  it('a redirect to another origin is not followed', async () => {
    let followed = false;
    const elsewhere = await serve((_req, res) => {
      followed = true;
      json(res, 200, {});
    });
    const origin = await serve((_req, res) => json(res, 302, '', { location: `${elsewhere}/steal?token=x` }));
    const failure = failureOf(await replicaFrom(origin));
    expect(failure).toMatchObject({ kind: 'redirect', status: 302 });
    expect(failure.message).toContain(`to ${elsewhere}`);
    expect(failure.message).not.toContain('token');
    expect(followed).toBe(false);
  });

  it('429 with Retry-After and the error envelope names both', async () => {
    const origin = await serve((_req, res) =>
      json(res, 429, { error: { code: 'RATE_LIMITED', message: 'slow down' }, meta: {} }, { 'retry-after': '7' }),
    );
    expect(failureOf(await replicaFrom(origin))).toMatchObject({
      kind: 'http',
      status: 429,
      code: 'RATE_LIMITED',
      message: 'HTTP 429 (RATE_LIMITED) on /edge/management/v1/controllers, retry after 7s',
    });
  });

  it('headers never sent: timeout at the run deadline', async () => {
    const origin = await serve(() => {});
    const started = performance.now();
    expect(failureOf(await replicaFrom(origin, 300))).toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(/within the 300 ms deadline/),
    });
    expect(performance.now() - started).toBeLessThan(300 + 300);
  });

  it('a body dripped byte by byte is cut at the run deadline', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(timer));
    });
    expect(failureOf(await replicaFrom(origin, 300)).kind).toBe('timeout');
  });

  it('a closed port is refused; a non-HTTP service is protocol', async () => {
    const closed = await serve(() => {});
    const port = new URL(closed).port;
    const server = servers.pop() as Server;
    server.close();
    await once(server, 'close');
    expect(failureOf(await replicaFrom(`http://127.0.0.1:${port}`)).kind).toBe('refused');

    const garbage = createNetServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    servers.push(garbage);
    garbage.listen(0, '127.0.0.1');
    await once(garbage, 'listening');
    expect(failureOf(await replicaFrom(`http://127.0.0.1:${(garbage.address() as AddressInfo).port}`)).kind).toBe(
      'protocol',
    );
  });
});

describe('fetchSignals', () => {
  it(
    'the raft role comes from the parsed body: 429 with a raft body is a follower, 429 without one is no ' + 'claim',
    async () => {
      const raftBody = { data: { healthy: true, checks: [] }, raft: { isRaftEnabled: true, isLeader: false } };
      const withBody = await serve((req, res) =>
        req.url === '/health-checks/controller/raft' ? json(res, 429, raftBody) : json(res, 404, {}),
      );
      const rateLimited = await serve((_req, res) => json(res, 429, { error: { code: 'RATE_LIMITED' }, meta: {} }));
      const deadline = startDeadline(2000);
      const client = createHttpClient({ deadline });
      try {
        const follower = await fetchSignals(client, withBody);
        expect(follower.raft).toMatchObject({ ok: true, status: 429, value: { raft: { isLeader: false } } });
        expect(follower.health).toMatchObject({ ok: true, value: null, status: 404 }); // not bound: no signal, no error
        const limited = await fetchSignals(client, rateLimited);
        expect(limited.raft).toMatchObject({ ok: false, failure: { kind: 'http', status: 429, code: 'RATE_LIMITED' } });
      } finally {
        deadline.dispose();
        await client.close();
      }
    },
  );
});
