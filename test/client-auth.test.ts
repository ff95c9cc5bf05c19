// The login flows at the HTTP level: which requests go where, and which never go anywhere.
import { describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { oidcLogin, REDIRECT_URI } from '../src/client/auth/oidc-login.js';
import { startDeadline } from '../src/client/deadline.js';
import { createHttpClient, type HttpClient, type HttpRequest } from '../src/client/http-client.js';
import { useSimCluster } from './helpers/sim-cluster.js';
import { listJson } from './helpers/cli.js';

const start = useSimCluster();

/** The real client, recording every URL it is asked for. */
function recordingClient(timeoutMs = 3000): { client: HttpClient; asked: URL[]; done: () => Promise<void> } {
  const deadline = startDeadline(timeoutMs);
  const real = createHttpClient({ deadline });
  const asked: URL[] = [];
  const client: HttpClient = {
    send: (request: HttpRequest) => {
      asked.push(request.url);
      return real.send(request);
    },
    get: (url, headers) => client.send({ url, headers }),
    withDeadline: () => client,
    close: () => real.close(),
  };
  return {
    client,
    asked,
    done: async () => {
      deadline.dispose();
      await real.close();
    },
  };
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('OIDC login hops', () => {
  it('follows the controller’s own hops and stops at the redirect URI without connecting to it', async () => {
    const c = await start({ nodes: 1, auth: 'oidc' });
    const { client, asked, done } = recordingClient();
    try {
      const result = await oidcLogin(client, new URL(c.url('ctrl1')).origin, { username: 'admin', password: 'admin' });
      expect(result.ok).toBe(true);
      expect(asked.map((u) => u.pathname)).toEqual([
        '/oidc/authorize',
        '/oidc/login/username',
        '/oidc/login/password',
        '/oidc/authorize/callback',
        '/oidc/oauth/token',
      ]);
      expect(asked.every((u) => u.origin === new URL(c.url('ctrl1')).origin)).toBe(true);
      expect(asked.some((u) => u.href.startsWith(REDIRECT_URI))).toBe(false);
    } finally {
      await done();
    }
  });

  it('a hop to another origin is not followed', async () => {
    let elsewhereHit = false;
    const elsewhere = createServer((_req, res) => {
      elsewhereHit = true;
      res.end();
    });
    const other = await listen(elsewhere);
    const hostile = createServer((_req, res) => {
      res.writeHead(302, { location: `${other}/oidc/login/username?authRequestID=x` });
      res.end();
    });
    const origin = await listen(hostile);
    const { client, done } = recordingClient();
    try {
      const result = await oidcLogin(client, origin, { username: 'admin', password: 'pw-never-sent' });
      expect(result).toMatchObject({
        ok: false,
        failure: { kind: 'redirect', message: expect.stringMatching(/redirected to .* another origin: not followed/) },
      });
      expect(elsewhereHit).toBe(false);
    } finally {
      await done();
      hostile.close();
      elsewhere.close();
    }
  });
});

describe('credentials and redirects', () => {
  it('a controller redirecting the authenticated controllers list to another origin: bad-response, the session never leaves', async () => {
    const thief = await start({ nodes: 1 });
    const c = await start({ nodes: 3, auth: 'legacy', sharedSessions: true });
    c.setResponseFault('ctrl2', 'controllers', {
      status: 307,
      location: `${thief.url('ctrl1')}/edge/management/v1/controllers`,
    });
    const { view } = await listJson([c.url('ctrl1')], ['-u', 'admin'], { env: { ZITI_STATUS_PASSWORD: 'admin' } });
    const ctrl2 = view.controllers.find((r) => r.id === 'ctrl2')!;
    expect(ctrl2.flags.map((f) => f.code)).toContain('bad-response');
    expect(ctrl2.flags.find((f) => f.code === 'bad-response')!.message).toMatch(
      /HTTP 307 redirect on \/edge\/management\/v1\/controllers to http:\/\/127.0.0.1:\d+, not followed/,
    );
    expect(thief.requestLog('ctrl1')).toEqual([]);
  });
});
