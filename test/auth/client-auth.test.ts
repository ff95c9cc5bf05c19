// The login flows at the HTTP level: which requests go where, and which never go anywhere.
import { describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { oidcLogin, REDIRECT_URI } from '../../src/client/auth/oidc-login.js';
import { startDeadline } from '../../src/client/deadline.js';
import { createHttpClient, type HttpClient, type HttpRequest } from '../../src/client/http-client.js';
import { useSimCluster } from '../helpers/sim-cluster.js';
import { readFileSync } from 'node:fs';
import { interpret } from '../../src/client/fetch-json.js';
import { controllerReason, unexpectedAnswer } from '../../src/client/auth/login-result.js';
import { z } from 'zod';
import { listJson } from '../helpers/cli.js';

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
    takePeers: (origin) => real.takePeers(origin),
    openSpiffeIds: (origin) => real.openSpiffeIds(origin),
    tlsStats: () => real.tlsStats(),
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
  it(
    'a controller redirecting the authenticated controllers list to another origin: bad-response, the ' +
      'session never leaves',
    async () => {
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
    },
  );
});

// docs/design.md section 2: what real v2.0.3 answers (test/fixtures/real-v2.0.3/) tells the refusals apart.
describe('refusals as real v2.0.3 answers them', () => {
  const fixture = (name: string) => {
    const f = JSON.parse(readFileSync(new URL(`../fixtures/real-v2.0.3/${name}.json`, import.meta.url), 'utf8')) as {
      status: number;
      headers: Record<string, string>;
      body: unknown;
      request: { path: string };
    };
    const res = { status: f.status, headers: f.headers, body: Buffer.from(JSON.stringify(f.body)), latencyMs: 1 };
    return { res, url: new URL(f.request.path, 'https://ctrl1.example:1280') };
  };
  const failureOf = (name: string, sentCredentials: boolean) => {
    const { res, url } = fixture(name);
    const outcome = interpret(res, url, { schema: z.unknown(), acceptStatus: [200] }, sentCredentials);
    return outcome.ok ? null : outcome.failure;
  };

  it('401 without a challenge to a session (list-members-forbidden): permission missing', () => {
    expect(failureOf('list-members-forbidden', true)).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      auth: 'permission',
    });
    expect(failureOf('controllers-forbidden', true)).toMatchObject({ status: 401, auth: 'permission' });
  });

  it('401 with a WWW-Authenticate challenge (an invalid token): refused', () => {
    expect(failureOf('controllers-invalid-bearer', true)).toMatchObject({ status: 401, auth: 'refused' });
    expect(failureOf('list-members-invalid-zt-session', true)).toMatchObject({ status: 401, auth: 'refused' });
  });

  it('401 to a request that carried no session: not taken for a missing permission', () => {
    expect(failureOf('list-members-no-token', false)).toMatchObject({ status: 401, auth: 'refused' });
  });

  it('the legacy 400 for a short password: the controller reason, never the echoed value', () => {
    const { res } = fixture('authenticate-short-password');
    const result = unexpectedAnswer('/edge/management/v1/authenticate?method=password', res, 'https://c:1280');
    expect(result).toMatchObject({ ok: false, failure: { status: 400, auth: 'login', code: 'COULD_NOT_VALIDATE' } });
    const message = result.ok ? '' : result.failure.message;
    expect(message).toMatch(/password in body should be at least 5 chars long/);
    expect(message).not.toContain('abc');
    expect(controllerReason(Buffer.from('<html>')).reason).toBe('');
  });

  it('the OIDC wrong password: the bare {code, message} of the login page', () => {
    const { res } = fixture('oidc-login-password-wrong');
    expect(controllerReason(res.body)).toEqual({
      code: 'INVALID_AUTH',
      reason: '; the controller says INVALID_AUTH: The authentication request failed',
    });
  });
});
