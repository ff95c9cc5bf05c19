// Properties of the schema layer: any body ends in an Outcome (a value that fits, or a described failure),
// never a throw.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { z } from 'zod';
import { interpret, type JsonSpec } from '../../src/client/fetch-json.js';
import { fetchReplica } from '../../src/client/fetch-replica.js';
import type { Exchange, HttpClient, RawResponse } from '../../src/client/http-client.js';
import { CONTENT_FAILURE_KINDS, type Outcome } from '../../src/evidence.js';
import { clusterMemberListSchema } from '../../src/schemas/cluster-members.js';
import { listControllersEnvelopeSchema } from '../../src/schemas/controllers.js';
import { healthSchema, raftHealthSchema } from '../../src/schemas/health.js';
import { versionEnvelopeSchema } from '../../src/schemas/version.js';
import { row } from '../helpers/evidence.js';

const RUNS = { numRuns: 300 };

// Every spec fetch-signals and fetch-replica use, with the statuses each accepts for its body.
const SPECS: Record<string, JsonSpec<unknown>> = {
  controllers: { schema: listControllersEnvelopeSchema, acceptStatus: [200] },
  members: { schema: clusterMemberListSchema, acceptStatus: [200] },
  health: { schema: healthSchema, acceptStatus: [200, 503] },
  raft: { schema: raftHealthSchema, acceptStatus: [200, 429] },
  version: { schema: versionEnvelopeSchema, acceptStatus: [200] },
};

// Valid payloads to start from: nearly-valid bodies are where schema checks are tested hardest.
const VALID: Record<string, unknown> = {
  controllers: {
    data: [row('ctrl1'), row('ctrl2', false)],
    meta: { pagination: { limit: 500, offset: 0, totalCount: 2 } },
  },
  members: {
    data: [
      {
        id: 'ctrl1',
        address: 'tls:a:1',
        voter: true,
        leader: true,
        version: 'v2.0.3',
        connected: true,
        readOnly: false,
      },
    ],
  },
  health: { data: { healthy: true, checks: [{ id: 'bolt.read', healthy: true }] } },
  raft: { data: { healthy: true, checks: [] }, raft: { isRaftEnabled: true, isLeader: false } },
  version: { data: { version: 'v2.0.3', capabilities: ['HA_CONTROLLER'] } },
};

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

/** A deep copy of `value` with the node at `path` deleted or replaced. */
function mutate(value: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = replacement;
  return copy;
}

/** A valid payload with up to four nodes deleted or replaced by arbitrary JSON. */
const nearlyValid = (name: string) =>
  fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 3 }), fc.boolean()), { maxLength: 4 }).map((edits) =>
    edits.reduce((body, [pick, replacement, remove]) => {
      const paths = pathsOf(body);
      return mutate(body, paths[pick % paths.length]!, replacement, remove);
    }, VALID[name]),
  );

const text = (name: string) =>
  fc.oneof(
    nearlyValid(name).map((v) => JSON.stringify(v) ?? ''),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ unit: 'binary' }),
    fc.constantFrom(
      '',
      '{',
      '[1,',
      '\u0000',
      '\ufeff{}',
      'null',
      '{"error": {"code": 5}}',
      '{"__proto__": {"data": []}}',
    ),
  );

const bodyOf = (name: string) =>
  fc.oneof(
    text(name).map((t) => Buffer.from(t, 'utf8')),
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  );

const response = (name: string): fc.Arbitrary<RawResponse> =>
  fc
    .record({
      status: fc.constantFrom(200, 204, 301, 302, 307, 400, 401, 403, 404, 429, 500, 502, 503),
      body: bodyOf(name),
      location: fc.option(fc.oneof(fc.webUrl(), fc.string()), { nil: undefined }),
      retryAfter: fc.option(fc.string(), { nil: undefined }),
    })
    .map(({ status, body, location, retryAfter }) => ({
      status,
      body,
      latencyMs: 1,
      headers: {
        ...(location === undefined ? {} : { location }),
        ...(retryAfter === undefined ? {} : { 'retry-after': [retryAfter, 'x'] }),
      },
    }));

function expectDescribed(outcome: Outcome<unknown>, schema: z.ZodType<unknown>, status?: number): void {
  if (outcome.ok) {
    expect(schema.safeParse(outcome.value).success).toBe(true);
  } else {
    expect(CONTENT_FAILURE_KINDS as readonly string[]).toContain(outcome.failure.kind);
    expect(outcome.failure.message.length).toBeGreaterThan(0);
    if (status !== undefined) expect(outcome.failure.status).toBe(status);
  }
}

describe('parsers', () => {
  it.each(Object.keys(SPECS))(
    '%s: any body and status end in a value that fits the schema or a described failure',
    (name) => {
      const spec = SPECS[name]!;
      fc.assert(
        fc.property(response(name), (res) => {
          const outcome = interpret(res, new URL('https://ctrl1.example:1280/x'), spec);
          expectDescribed(outcome, spec.schema, res.status);
          if (outcome.ok) expect(spec.acceptStatus).toContain(outcome.status);
        }),
        RUNS,
      );
    },
  );

  it('fetchReplica: any sequence of pages ends in rows with distinct ids or a described failure', async () => {
    // A page per request, in order; the last one again for any further request.
    const pages = fc.array(
      fc.oneof(
        { arbitrary: nearlyValid('controllers').map((v) => Buffer.from(JSON.stringify(v) ?? '')), weight: 4 },
        bodyOf('controllers'),
      ),
      { minLength: 1, maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(pages, async (bodies) => {
        let served = 0;
        const client = {
          get: async (): Promise<Exchange> => ({
            ok: true,
            response: { status: 200, headers: {}, latencyMs: 1, body: bodies[Math.min(served++, bodies.length - 1)]! },
          }),
        } as unknown as HttpClient;
        const outcome = await fetchReplica(client, 'https://ctrl1.example:1280');
        expectDescribed(outcome, listControllersEnvelopeSchema.shape.data);
        if (outcome.ok) expect(new Set(outcome.value.map((r) => r.id)).size).toBe(outcome.value.length);
        expect(served).toBeLessThanOrEqual(bodies.length + 1);
      }),
      RUNS,
    );
  });
});
