// The shape checks that let fetch-json skip zod's copy must answer exactly as zod does: a value
// one accepts and the other rejects would be a payload judged differently for speed's sake.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { z } from 'zod';
import { apiErrorEnvelopeSchema } from '../../src/schemas/api-error.js';
import { clusterMemberListSchema } from '../../src/schemas/cluster-members.js';
import { listControllersEnvelopeSchema } from '../../src/schemas/controllers.js';
import { healthSchema, raftHealthSchema } from '../../src/schemas/health.js';
import { shapeCheckOf } from '../../src/schemas/shape-check.js';
import { versionEnvelopeSchema } from '../../src/schemas/version.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const row = (id: string, extra: Record<string, Json> = {}): Json => ({
  id,
  name: id,
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T10:00:00.000Z',
  isOnline: true,
  lastJoinedAt: null,
  fingerprint: 'ab:cd',
  certPem: '-----BEGIN CERTIFICATE-----',
  ctrlAddress: 'tls:ctrl1.example:6262',
  apiAddresses: {
    'edge-management': [{ url: `https://${id}.example:1280`, version: 'v1' }],
    fabric: [{ url: `https://${id}.example:1280` }],
  },
  ...extra,
});

const SAMPLES: [string, z.ZodType, Json][] = [
  [
    'controllers list',
    listControllersEnvelopeSchema,
    {
      data: [row('ctrl1'), row('ctrl2', { isPreferredLeader: true, apiAddresses: null })],
      meta: { pagination: { limit: 500, offset: 0, totalCount: 2 } },
    },
  ],
  [
    'cluster members',
    clusterMemberListSchema,
    {
      data: [
        {
          id: 'ctrl1',
          address: 'tls:ctrl1:6262',
          voter: true,
          leader: true,
          version: 'v2.0.0',
          connected: true,
          readOnly: false,
        },
      ],
    },
  ],
  ['version', versionEnvelopeSchema, { data: { version: 'v2.0.0', revision: 'abc', capabilities: ['OIDC_AUTH'] } }],
  ['health', healthSchema, { data: { healthy: true, checks: [{ id: 'bolt.read', healthy: true }] } }],
  [
    'raft health',
    raftHealthSchema,
    { data: { healthy: true, checks: [] }, raft: { isRaftEnabled: true, isLeader: false } },
  ],
  ['api error', apiErrorEnvelopeSchema, { error: { code: 'UNAUTHORIZED', message: 'no' } }],
];

/** Every place in a value, as the path to it. */
function paths(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(value)) return here.concat(...value.map((item, i) => paths(item, [...at, i])));
  if (value !== null && typeof value === 'object')
    return here.concat(...Object.entries(value).map(([k, v]) => paths(v, [...at, k])));
  return here;
}

type Mutation = { op: 'replace'; with: Json } | { op: 'delete' } | { op: 'add'; key: string; with: Json };

/**
 * A copy of `value` changed at `path`, through JSON so that a "__proto__" key is an own key, as JSON.parse
 * makes it.
 */
function mutate(value: Json, path: (string | number)[], mutation: Mutation): unknown {
  const edit = (node: Json, rest: (string | number)[]): Json | undefined => {
    if (rest.length === 0) {
      if (mutation.op === 'delete') return undefined;
      if (mutation.op === 'replace') return mutation.with;
      return node !== null && typeof node === 'object' && !Array.isArray(node)
        ? { ...node, [mutation.key]: mutation.with }
        : node;
    }
    const [head, ...tail] = rest;
    if (Array.isArray(node))
      return node.flatMap((item, i) =>
        i === head ? (edit(item, tail) === undefined ? [] : [edit(item, tail)!]) : [item],
      );
    const copy: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(node as object)) {
      if (k !== head) copy[k] = v as Json;
      else if (edit(v as Json, tail) !== undefined) copy[k] = edit(v as Json, tail)!;
    }
    return copy;
  };
  const edited = edit(value, path);
  const text = JSON.stringify(edited ?? null).replace(/"__zs_proto__"/g, '"__proto__"');
  return JSON.parse(text);
}

const hasOwnProto = (v: unknown): boolean =>
  v !== null &&
  typeof v === 'object' &&
  (Object.hasOwn(v, '__proto__') || Object.values(v as object).some(hasOwnProto));

/**
 * What fetch-json relies on: a value the check passes is one zod accepts, and it holds everything
 * zod's copy holds (zod drops unknown keys, and "__proto__" keys wherever it validates); a value zod
 * accepts is passed by the check unless it has an own "__proto__" key somewhere (zod decides those).
 */
function expectSameAnswer(check: (v: unknown) => boolean, schema: z.ZodType, value: unknown): void {
  const zodSays = schema.safeParse(value);
  if (check(value)) {
    expect(zodSays.success).toBe(true);
    expect(value).toMatchObject(zodSays.data as object);
  } else if (!hasOwnProto(value)) {
    expect(zodSays.success).toBe(false);
  }
}

const key = fc.constantFrom('id', 'data', 'url', 'extra', '__zs_proto__', 'constructor', 'isOnline', 'version');
const nearby = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, '', 'x', [], {}),
  fc.jsonValue() as fc.Arbitrary<Json>,
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  nearby.map((w) => ({ op: 'replace' as const, with: w })),
  fc.constant({ op: 'delete' as const }),
  fc.tuple(key, nearby).map(([k, w]) => ({ op: 'add' as const, key: k, with: w })),
);

describe('shape checks', () => {
  it.each(SAMPLES)('%s: the schema has one, and it accepts the sample as zod does', (_name, schema, sample) => {
    const check = shapeCheckOf(schema);
    expect(check).not.toBeNull();
    expect(schema.safeParse(sample).success).toBe(true);
    expect(check!(sample)).toBe(true);
  });

  it.each(SAMPLES)('%s: after any one or two changes, answers as zod does', (_name, schema, sample) => {
    const check = shapeCheckOf(schema)!;
    const all = paths(sample);
    fc.assert(
      fc.property(fc.nat(), mutation, fc.nat(), mutation, fc.boolean(), (p1, m1, p2, m2, twice) => {
        let value = mutate(sample, all[p1 % all.length]!, m1) as Json;
        if (twice) {
          const again = paths(value);
          value = mutate(value, again[p2 % again.length]!, m2) as Json;
        }
        expectSameAnswer(check, schema, value);
      }),
      { numRuns: 400 },
    );
  });

  it('answers as zod does for arbitrary JSON', () => {
    for (const [, schema] of SAMPLES) {
      const check = shapeCheckOf(schema)!;
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          expectSameAnswer(check, schema, value);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('has none for what it cannot reproduce: refinements, transforms, unions, strict objects, formats', () => {
    expect(shapeCheckOf(z.string().min(1))).toBeNull();
    expect(shapeCheckOf(z.number().nonnegative())).toBeNull();
    expect(shapeCheckOf(z.object({ a: z.string() }).refine(() => true))).toBeNull();
    expect(shapeCheckOf(z.string().transform((s) => s.length))).toBeNull();
    expect(shapeCheckOf(z.union([z.string(), z.number()]))).toBeNull();
    expect(shapeCheckOf(z.strictObject({ a: z.string() }))).toBeNull();
    expect(shapeCheckOf(z.object({ inner: z.array(z.string().regex(/^a/)) }))).toBeNull();
    // Formats sit in zod's definition beside the type, not among its checks: z.email() is no plain string.
    expect(shapeCheckOf(z.email())).toBeNull();
    expect(shapeCheckOf(z.int())).toBeNull();
    expect(shapeCheckOf(z.object({ at: z.iso.datetime() }))).toBeNull();
  });
});
