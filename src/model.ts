// The reconciled view: one row model that every output format renders (docs/design.md section 4). The
// zod schemas are the source of truth: the TypeScript types and `ziti-status schema` (the JSON
// Schema of -o json) are both generated from them, so they cannot drift apart.
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

export const VERDICTS = ['healthy', 'degraded', 'critical', 'unknown'] as const;
export const FLAG_CODES = [
  'unreachable',
  'bad-response',
  'unhealthy',
  'auth',
  'disagree',
  'stale-replica',
  'stale-view',
  'stale',
  'slow',
  'isolated',
  'identity',
  'read-only',
  'not-member',
  'former-member',
  'lagging',
  'cert-expiring',
  'cert-expired',
  'version-skew',
  'leader-flap',
] as const;

const isoTime = z.string().describe('RFC 3339 time');

export const verdictSchema = z.enum(VERDICTS);
export const controllerStatusSchema = z.enum(['online', 'offline', 'unknown']);
export const flagCodeSchema = z.enum(FLAG_CODES);

export const flagSchema = z.object({
  code: flagCodeSchema,
  message: z.string().describe('the evidence that raised the flag, in words'),
});

export const replicaOpinionSchema = z.object({
  from: z.string().describe('the controller whose replica this is'),
  isOnline: z.boolean(),
  lastJoinedAt: isoTime.nullable(),
});

export const controllerViewsSchema = z.object({
  consensus: z
    .object({ isOnline: z.boolean(), lastJoinedAt: isoTime.nullable() })
    .nullable()
    .describe("the consensus replica's row for this controller"),
  replicas: z
    .array(replicaOpinionSchema)
    .describe('every replica read that has a row for this controller, ordered by from'),
  agreeing: z.number().int().describe('replicas agreeing with the consensus replica on isOnline and lastJoinedAt'),
  leaderSeesConnected: z
    .boolean()
    .nullable()
    .describe("whether the consensus leader's live view shows it connected; null without that view"),
});

export const controllerRowSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  status: controllerStatusSchema,
  reachable: z.boolean(),
  latencyMs: z.number().nullable(),
  isLeader: z.boolean(),
  isPreferredLeader: z.boolean(),
  lastJoinedAt: isoTime.nullable(),
  lastAnsweredAt: isoTime.nullable().describe('when its newest answer arrived; null if it never answered'),
  address: z.string().nullable().describe('the polled origin; null when it was never polled'),
  fingerprint: z.string().nullable().describe('SHA-1 fingerprint of its certificate, from the replicas'),
  spiffeId: z
    .string()
    .nullable()
    .describe(
      'the SPIFFE id (URI SAN spiffe://<trust domain>/controller/<id>) of the certificate its address served; ' +
        'null over plain http, without such a SAN, or when no TLS handshake finished',
    ),
  version: z.string().nullable(),
  certExpiresAt: isoTime
    .nullable()
    .describe(
      "its certificate's notAfter, from the consensus replica's certPem (else another replica's); null when no " +
        'replica holds a readable one',
    ),
  voter: z.boolean().nullable(),
  flags: z.array(flagSchema),
  error: z.string().nullable().describe('the first failure reaching it'),
  views: controllerViewsSchema,
  raftIndex: z
    .number()
    .int()
    .nullable()
    .describe('the raft index it has applied (its own data-model-index inspection); null when unknown'),
  lagEntries: z
    .number()
    .int()
    .nullable()
    .describe(
      "entries its applied index is behind the consensus leader's (never negative); null when either index is unknown",
    ),
});

export const leaderChangeSchema = z.object({
  at: isoTime.describe('the time of the first view that named the new leader'),
  from: z.string().describe('the leader the views named before'),
  to: z.string().describe('the leader named since'),
});

export const electionsSchema = z
  .object({
    changes: z.number().int().describe('leader changes seen within the last windowMs'),
    windowMs: z.number().int().describe('the window changes are counted in (10 minutes)'),
    max: z.number().int().describe('--max-elections: more changes than this within the window raise leader-flap'),
    total: z.number().int().describe('leader changes seen since this watch (or serve) started'),
    last: leaderChangeSchema.nullable().describe('the newest change seen; null before any'),
  })
  .describe(
    'leader changes seen by watch or serve: a view naming another leader than the last one named (a view ' +
      'without a leader is no change by itself; the first leader seen is no change)',
  );

export const clusterSummarySchema = z.object({
  verdict: verdictSchema,
  leader: z.string().nullable(),
  leaderClaimants: z.array(z.string()),
  quorum: z.object({
    voters: z.number().int(),
    needed: z.number().int(),
    reachable: z.number().int(),
    verified: z.boolean(),
  }),
  consensus: z.enum(['leader', 'majority', 'none']),
  consensusReplicaFrom: z.string().nullable(),
  reasons: z.array(z.string()).describe('why the verdict is what it is'),
  notes: z.array(z.string()).describe('caveats that do not change the verdict'),
  earliestCertExpiry: z
    .object({ id: z.string(), at: isoTime })
    .nullable()
    .describe("the member whose certificate expires first, and when; null when no member's certificate is readable"),
  elections: electionsSchema.nullable().describe('leader changes over time (watch and serve); null in a single run'),
});

export const clusterViewSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  generatedAt: isoTime,
  cluster: clusterSummarySchema,
  controllers: z
    .array(controllerRowSchema)
    .describe('every controller any evidence names, sorted by id in natural order (ctrl2 before ctrl10)'),
});

export type Verdict = z.infer<typeof verdictSchema>;
export type ControllerStatus = z.infer<typeof controllerStatusSchema>;
export type FlagCode = z.infer<typeof flagCodeSchema>;
export type Flag = z.infer<typeof flagSchema>;
export type ReplicaOpinion = z.infer<typeof replicaOpinionSchema>;
export type ControllerViews = z.infer<typeof controllerViewsSchema>;
export type ControllerRow = z.infer<typeof controllerRowSchema>;
export type Elections = z.infer<typeof electionsSchema>;
export type ClusterSummary = z.infer<typeof clusterSummarySchema>;
export type ClusterView = z.infer<typeof clusterViewSchema>;
