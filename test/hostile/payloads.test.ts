// Hostile controllers 1/4: bodies that are not what the API promises (bad-response with the field path;
// extra fields pass).
import { expect } from '@jest/globals';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/client/http-client.js';
import { editJson, flood, onPath, PATHS, plainText, reply, type JsonObject, type Path } from './behaviours.js';
import { hostileCases, rowOf, type HostileCase } from './harness.js';

const CONTROLLERS = /\/edge\/management\/v1\/controllers/.source;
const bad = (message: string) => new RegExp(message);
const DAY = 24 * 60 * 60 * 1000;
const TWENTY_MB = 20 * 1024 * 1024;

const cases: HostileCase[] = [
  {
    name: 'invalid JSON (a truncated controllers list)',
    arrange: ({ cluster }) =>
      cluster.setRawHandler('ctrl3', onPath(PATHS.controllers, reply(200, '{"data": [{"id": "ctrl'))),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'invalid-json',
      message: bad(`^invalid JSON on ${CONTROLLERS}: `),
    },
  },
  {
    name: 'invalid JSON (a proxy login page served with 200 on list-members)',
    arrange: ({ cluster }) =>
      cluster.setRawHandler('ctrl3', onPath(PATHS.members, plainText(200, '<html><body>Please sign in</body></html>'))),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'invalid-json',
      message: /^invalid JSON on \/fabric\/v1\/cluster\/list-members: /,
    },
  },
  {
    name: 'JSON of the wrong shape (data is a string)',
    arrange: ({ cluster }) => cluster.setRawHandler('ctrl3', onPath(PATHS.controllers, reply(200, '{"data": "nope"}'))),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'schema',
      message: bad(`^unexpected payload on ${CONTROLLERS}: data: .*expected array, received string`),
    },
  },
  {
    name: 'JSON of the wrong shape (an array at the root of list-members)',
    arrange: ({ cluster }) => cluster.setRawHandler('ctrl3', onPath(PATHS.members, reply(200, '[1, 2, 3]'))),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'schema',
      message:
        /^unexpected payload on \/fabric\/v1\/cluster\/list-members: \(root\): .*expected object, received array/,
    },
  },
  {
    name: 'a required field missing (isOnline of one row)',
    arrange: ({ cluster }) =>
      cluster.setRawHandler(
        'ctrl3',
        editJson(PATHS.controllers, (b) => {
          delete b.data[1]!.isOnline;
        }),
      ),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'schema',
      message: bad(`${CONTROLLERS}: data\\[1\\]\\.isOnline: .*expected boolean, received undefined`),
    },
  },
  {
    name: 'a required field missing (leader of a live-view entry)',
    arrange: ({ cluster }) =>
      cluster.setRawHandler(
        'ctrl3',
        editJson(PATHS.members, (b) => {
          delete b.data[0]!.leader;
        }),
      ),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'schema',
      message: /list-members: data\[0\]\.leader: .*expected boolean, received undefined/,
    },
  },
  {
    name: 'wrong types (isOnline is the string "yes")',
    arrange: ({ cluster }) =>
      cluster.setRawHandler(
        'ctrl3',
        editJson(PATHS.controllers, (b) => {
          b.data[2]!.isOnline = 'yes';
        }),
      ),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'schema',
      message: bad(`data\\[2\\]\\.isOnline: .*expected boolean, received string`),
    },
  },
  {
    name: 'wrong types (totalCount is a string)',
    arrange: ({ cluster }) =>
      cluster.setRawHandler(
        'ctrl3',
        editJson(PATHS.controllers, (b) => {
          b.meta.pagination.totalCount = '3';
        }),
      ),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'schema',
      message: /meta\.pagination\.totalCount: .*expected number, received string/,
    },
  },
  {
    name: 'wrong types (lastJoinedAt is not a time)',
    arrange: ({ cluster }) =>
      cluster.setRawHandler(
        'ctrl3',
        editJson(PATHS.controllers, (b) => {
          b.data[1]!.lastJoinedAt = 'yesterday';
        }),
      ),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'schema',
      message: /data\[1\]\.lastJoinedAt: "yesterday" is not an RFC3339 time/,
    },
  },
  {
    name: 'null where not nullable (name)',
    arrange: ({ cluster }) =>
      cluster.setRawHandler(
        'ctrl3',
        editJson(PATHS.controllers, (b) => {
          b.data[0]!.name = null;
        }),
      ),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'schema',
      message: /data\[0\]\.name: .*expected string, received null/,
    },
  },
  {
    name: 'null where not nullable (the whole version body)',
    arrange: ({ cluster }) => cluster.setRawHandler('ctrl3', onPath(PATHS.version, reply(200, 'null'))),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'schema',
      message: /^unexpected payload on \/edge\/management\/v1\/version: \(root\): .*received null/,
    },
  },
  {
    name: 'null where not nullable (raft.isLeader in the follower check, status 429)',
    arrange: ({ cluster }) =>
      cluster.setRawHandler(
        'ctrl3',
        editJson(PATHS.raft, (b) => {
          b.raft.isLeader = null;
        }),
      ),
    // Not taken for a rate limiter's 429: the body is named.
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'http',
      message:
        /^HTTP 429 on \/health-checks\/controller\/raft \(not the expected payload: raft\.isLeader: .*received null\)/,
    },
  },
  {
    name: 'extra unknown fields everywhere (accepted: the only case that stays healthy)',
    arrange: ({ cluster }) => {
      const extra = (b: JsonObject) => {
        b.surprise = { nested: [1, 'two', null] };
        for (const entry of (Array.isArray(b.data) ? b.data : [b.data]) as JsonObject[])
          Object.assign(entry, { futureField: true, tags: { team: 'x' } });
      };
      cluster.setRawHandler('ctrl3', (req, res, socket, next) => {
        const path = (req.url ?? '').split('?')[0];
        const handler = Object.values(PATHS).includes(path as never) ? editJson(path as Path, extra) : null;
        return handler ? handler(req, res, socket, next) : next();
      });
    },
    expect: { status: 'online', flag: null, message: /^$/, error: null, verdict: 'healthy' },
  },
  (() => {
    const counter = { written: 0 };
    return {
      name: 'a 20 MB body (cut at the 8 MiB cap, never read whole)',
      arrange: ({ cluster }) => {
        cluster.setRawHandler('ctrl3', onPath(PATHS.members, flood(TWENTY_MB, counter)));
        return () => expect(counter.written).toBeLessThan(TWENTY_MB);
      },
      expect: {
        status: 'online',
        flag: 'bad-response',
        kind: 'too-large',
        message: new RegExp(
          `^body larger than ${DEFAULT_MAX_BODY_BYTES} bytes from ` +
            'http://127\\.0\\.0\\.1:\\d+/fabric/v1/cluster/list-members$',
        ),
      },
    } satisfies HostileCase;
  })(),
  {
    name: 'an endless body (no Content-Length, never ends)',
    arrange: ({ cluster }) => cluster.setRawHandler('ctrl3', onPath(PATHS.controllers, flood(null))),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'too-large',
      message: bad(`^body larger than \\d+ bytes from http://127\\.0\\.0\\.1:\\d+${CONTROLLERS}$`),
    },
  },
  {
    name: 'paging that lies (totalCount larger than the data)',
    arrange: ({ cluster }) =>
      cluster.setRawHandler(
        'ctrl3',
        editJson(PATHS.controllers, (b) => {
          b.meta.pagination.totalCount = 10;
        }),
      ),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'paging',
      message: /totalCount says 10 but the page at offset 3 is empty \(3 rows read\)/,
    },
  },
  {
    name: 'paging that loops (offset ignored, the first page again and again)',
    arrange: ({ cluster }) =>
      cluster.setRawHandler(
        'ctrl3',
        onPath(PATHS.controllers, (req, res, socket, next) => {
          req.url = `${PATHS.controllers}?limit=500`;
          editJson(PATHS.controllers, (b) => {
            b.meta.pagination.totalCount = 10;
          })(req, res, socket, next);
        }),
      ),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'paging',
      message: /the page at offset 3 repeats "ctrl1" from the page at offset 0 \(the server ignores offset\?\)/,
    },
  },
  {
    name: 'duplicate controller ids (a second, contradicting ctrl2 row)',
    arrange: ({ cluster }) =>
      cluster.setRawHandler(
        'ctrl3',
        editJson(PATHS.controllers, (b) => {
          const ctrl2 = b.data[1]!;
          b.data.push({ ...ctrl2, isOnline: !ctrl2.isOnline });
          b.meta.pagination.totalCount = Number(b.meta.pagination.totalCount) + 1;
        }),
      ),
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'schema',
      message: /data\[3\]\.id: duplicate controller id "ctrl2" in the controllers list/,
    },
    // Before: silently de-duplicated, so one of two contradicting rows was believed.
  },
  {
    name: 'clock skew (lastJoinedAt three days in the future)',
    arrange: ({ cluster }) => {
      const future = new Date(Date.now() + 3 * DAY).toISOString();
      cluster.setRawHandler(
        'ctrl3',
        editJson(PATHS.controllers, (b) => {
          b.data[0]!.lastJoinedAt = future;
        }),
      );
      return ({ view }) => expect(rowOf(view, 'ctrl1').lastJoinedAt! < future).toBe(true);
    },
    expect: {
      status: 'online',
      flag: 'bad-response',
      kind: 'schema',
      message: new RegExp(
        "data\\[0\\]\\.lastJoinedAt: \\S+ is 3 days ahead of this host's clock " +
          '\\(clock skew of more than 5 min, or a forged row\\)',
      ),
    },
  },
];

hostileCases(cases);
