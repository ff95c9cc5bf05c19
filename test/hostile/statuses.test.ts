// Hostile controllers 3/4: error statuses with and without the error envelope, and redirects to another origin.
import { expect } from '@jest/globals';
import { createServer } from 'node:http';
import type { EndpointName } from '../../src/sim/index.js';
import { onPath, PATHS, plainText, reply } from './behaviours.js';
import { hostileCases, type HostileCase } from './harness.js';

interface StatusCase {
  status: number;
  endpoint: EndpointName | '*';
  code: string;
  flag: 'bad-response' | 'auth' | 'unhealthy';
  /** What the flag says before the failure itself. */
  lead?: string;
}

// docs/design.md section 3 rule 6 assigns the flags: 401/403 `auth` (a missing signal, which alone may leave the
// verdict healthy: rule 7), 5xx `unhealthy`, the rest (400, 404, 429, 3xx) `bad-response`.
const STATUSES: StatusCase[] = [
  { status: 400, endpoint: 'controllers', code: 'COULD_NOT_VALIDATE', flag: 'bad-response' },
  {
    status: 401,
    endpoint: '*',
    code: 'UNAUTHORIZED',
    flag: 'auth',
    lead: 'credentials refused \\(401\\), signal missing: ',
  },
  {
    status: 403,
    endpoint: 'list-members',
    code: 'UNAUTHORIZED',
    flag: 'auth',
    lead: 'permission missing \\(403\\), signal missing: ',
  },
  { status: 404, endpoint: 'controllers', code: 'NOT_FOUND', flag: 'bad-response' },
  { status: 429, endpoint: 'controllers', code: 'RATE_LIMITED', flag: 'bad-response' },
  { status: 500, endpoint: 'controllers', code: 'UNHANDLED', flag: 'unhealthy' },
  { status: 502, endpoint: 'list-members', code: 'UNHANDLED', flag: 'unhealthy' },
  { status: 503, endpoint: 'controllers', code: 'SERVICE_UNAVAILABLE', flag: 'unhealthy' },
  // The raft-index inspection fails like every other signal: no more, no less.
  { status: 404, endpoint: 'inspections', code: 'NOT_FOUND', flag: 'bad-response' },
  { status: 500, endpoint: 'inspections', code: 'UNHANDLED', flag: 'unhealthy' },
];

const PATH_OF: Record<EndpointName | '*', string> = {
  '*': PATHS.version, // the first signal read: what the row's error shows
  version: PATHS.version,
  controllers: PATHS.controllers,
  'list-members': PATHS.members,
  health: PATHS.health,
  raft: PATHS.raft,
  authenticate: '/edge/management/v1/authenticate',
  oidc: '/oidc',
  inspections: '/fabric/v1/inspections',
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function statusCases({ status, endpoint, code, flag, lead = '' }: StatusCase): HostileCase[] {
  const path = escapeRegExp(PATH_OF[endpoint]);
  // 429: the simulator's envelope comes with Retry-After: 1; the bare one says 30.
  const retry = (seconds: number) => (status === 429 ? `, retry after ${seconds}s` : '');
  const verdict = flag === 'auth' ? 'healthy' : 'degraded';
  return [
    {
      name: `${status} with the error envelope on ${endpoint}`,
      arrange: ({ cluster }) => cluster.setResponseFault('ctrl3', endpoint, status),
      expect: {
        status: 'online',
        flag,
        kind: 'http',
        message: new RegExp(`^${lead}HTTP ${status} \\(${code}\\) on ${path}${escapeRegExp(retry(1))}`),
        verdict,
      },
    },
    {
      name: `${status} without the envelope (a proxy's own page) on ${endpoint}`,
      arrange: ({ cluster }) => {
        const page = plainText(status, `<html><h1>${status}</h1></html>`, 'text/html');
        const bare =
          status === 429 ? reply(status, 'slow down', { 'content-type': 'text/plain', 'retry-after': '30' }) : page;
        cluster.setRawHandler('ctrl3', endpoint === '*' ? bare : onPath(PATH_OF[endpoint], bare));
      },
      expect: {
        status: 'online',
        flag,
        kind: 'http',
        message: new RegExp(`^${lead}HTTP ${status} on ${path}${escapeRegExp(retry(30))}`),
        verdict,
      },
    },
  ];
}

function redirectCase(status: 301 | 302 | 307): HostileCase {
  const hits: string[] = [];
  return {
    name: `${status} redirect to another origin (not followed, credentials not sent there)`,
    scenario: { nodes: 3, auth: 'legacy' },
    args: ['--username', 'admin', '--password-stdin'],
    stdin: 'admin\n',
    arrange: async ({ cluster, listen }) => {
      hits.length = 0;
      const port = await listen(
        createServer((req, res) => {
          hits.push(`${req.method} ${req.url} zt-session=${req.headers['zt-session'] !== undefined}`);
          res.end('{}');
        }),
      );
      cluster.setResponseFault('ctrl3', 'controllers', {
        status,
        location: `http://127.0.0.1:${port}/steal?token=secret`,
      });
      return ({ stdout }) => {
        expect(hits).toEqual([]);
        // Only the origin is named: a Location's query may carry tokens.
        expect(stdout).not.toContain('secret');
        // The login did happen: the redirect came on an authenticated request.
        expect(
          cluster.requestLog('ctrl3').some((e) => e.path === PATHS.controllers && e.hasAuth && e.status === status),
        ).toBe(true);
      };
    },
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'redirect',
      message: new RegExp(
        `^HTTP ${status} redirect on ${escapeRegExp(PATHS.controllers)} to http://127\\.0\\.0\\.1:\\d+, not followed$`,
      ),
    },
  };
}

hostileCases([...STATUSES.flatMap(statusCases), redirectCase(301), redirectCase(302), redirectCase(307)]);
