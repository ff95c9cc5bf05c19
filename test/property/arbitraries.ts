// fast-check generators of schema-valid Evidence: what pollCluster could hand to reconcile, good or broken.
import fc from 'fast-check';
import type {
  Evidence,
  Failure,
  FailureKind,
  Outcome,
  RaftIndexReport,
  Signals,
  TargetEvidence,
  UnpolledController,
} from '../../src/evidence.js';
import { CONTENT_FAILURE_KINDS, NETWORK_FAILURE_KINDS } from '../../src/evidence.js';
import type { ClusterMember } from '../../src/schemas/cluster-members.js';
import type { ControllerDetail } from '../../src/schemas/controllers.js';
import type { Health, RaftHealth } from '../../src/schemas/health.js';
import type { VersionInfo } from '../../src/schemas/version.js';
import { CERT_PEM, healthyEvidence } from '../helpers/evidence.js';

// Small on purpose: ids must collide across targets, replicas and views for the rules to meet.
// ctrl10 sorts between ctrl1 and ctrl2 in byte order; "a" before all.
export const IDS = ['ctrl1', 'ctrl2', 'ctrl3', 'ctrl4', 'ctrl10', 'a'] as const;
export const originOf = (id: string) => `https://${id}.example:1280`;
/** An address no replica publishes (a load balancer, another name). */
export const SEED_ORIGIN = 'https://lb.example:443';
const TIMES = [
  '2026-11-26T10:00:00.000Z',
  '2026-11-26T11:00:00.000Z',
  '2026-11-26T11:59:00.000Z',
  '2026-11-26T12:30:00.000Z',
];
export const NOW = new Date('2026-11-26T12:00:00.000Z');

/** oneCluster: every id has one fingerprint and every replica and live view holds ctrl1 (else clusters mix). */
export interface Shape {
  oneCluster: boolean;
  /** Rows may publish SEED_ORIGIN (a load balancer in front of some controller) as their address. */
  aliases: boolean;
}

const id = fc.constantFrom(...IDS);
const time = fc.constantFrom(...TIMES);

function row(rowId: string, shape: Shape): fc.Arbitrary<ControllerDetail> {
  return fc
    .record(
      {
        name: fc.oneof(fc.constant(rowId), fc.string({ maxLength: 12 })),
        updatedAt: time,
        isOnline: fc.boolean(),
        lastJoinedAt: fc.option(time, { nil: null }),
        fingerprint: shape.oneCluster ? fc.constant(`fp-${rowId}`) : fc.constantFrom(`fp-${rowId}`, `other-${rowId}`),
        isPreferredLeader: fc.boolean(),
        published: shape.aliases ? fc.constantFrom('own', 'none', 'seed') : fc.constantFrom('own', 'none'),
      },
      { requiredKeys: ['name', 'updatedAt', 'isOnline', 'lastJoinedAt', 'fingerprint', 'published'] },
    )
    .map(({ published, ...r }) => {
      const detail: ControllerDetail = {
        id: rowId,
        createdAt: TIMES[0]!,
        certPem: CERT_PEM,
        ctrlAddress: `tls:${rowId}.example:6262`,
        ...r,
      };
      if (published !== 'none')
        detail.apiAddresses = {
          'edge-management': [
            { url: `${published === 'own' ? originOf(rowId) : SEED_ORIGIN}/edge/management/v1`, version: 'v1' },
          ],
        };
      return detail;
    });
}

/** Rows with distinct ids; with one cluster every replica holds ctrl1, as every real replica holds every row. */
function replica(shape: Shape): fc.Arbitrary<ControllerDetail[]> {
  const ids = fc
    .uniqueArray(id, { maxLength: IDS.length })
    .map((ids) => (shape.oneCluster && !ids.includes('ctrl1') ? ['ctrl1', ...ids] : ids));
  return ids.chain((ids) => fc.tuple(...ids.map((i) => row(i, shape))));
}

function member(memberId: string): fc.Arbitrary<ClusterMember> {
  return fc
    .record(
      {
        voter: fc.boolean(),
        leader: fc.boolean(),
        connected: fc.boolean(),
        readOnly: fc.boolean(),
        preferredLeader: fc.boolean(),
      },
      { requiredKeys: ['voter', 'leader', 'connected', 'readOnly'] },
    )
    .map((m) => ({
      id: memberId,
      address: `tls:${memberId}.example:6262`,
      version: m.connected ? 'v2.0.3' : '<not connected>',
      ...m,
    }));
}

function liveView(shape: Shape): fc.Arbitrary<ClusterMember[]> {
  const ids = fc
    .uniqueArray(id, { minLength: 1, maxLength: IDS.length })
    .map((ids) => (shape.oneCluster && !ids.includes('ctrl1') ? ['ctrl1', ...ids] : ids));
  return ids.chain((ids) => fc.tuple(...ids.map(member)));
}

export const failure: fc.Arbitrary<Outcome<never>> = fc.oneof(
  fc
    .constantFrom(...NETWORK_FAILURE_KINDS)
    .map((kind): Outcome<never> => ({ ok: false, failure: { kind, message: `${kind} at somewhere` } })),
  fc
    .record({
      kind: fc.constantFrom(...CONTENT_FAILURE_KINDS),
      status: fc.constantFrom(200, 301, 400, 401, 403, 404, 429, 500, 502, 503),
    })
    .map(({ kind, status }): Outcome<never> => {
      const f: Failure = { kind: kind as FailureKind, status, message: `${kind} ${status}` };
      return { ok: false, failure: f, latencyMs: 3 };
    }),
);

const ok = <T>(value: fc.Arbitrary<T>, status: fc.Arbitrary<number> = fc.constant(200)) =>
  fc
    .tuple(value, status, fc.nat(500))
    .map(([v, s, latencyMs]): Outcome<T> => ({ ok: true, value: v, status: s, latencyMs }));
const orFail = <T>(good: fc.Arbitrary<Outcome<T>>) =>
  fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: failure as fc.Arbitrary<Outcome<T>>, weight: 1 });

const health: fc.Arbitrary<Health> = fc.record({
  data: fc.record({
    healthy: fc.boolean(),
    checks: fc.array(fc.record({ id: fc.constantFrom('bolt.read', 'raft'), healthy: fc.boolean() }), { maxLength: 2 }),
  }),
});
const raft: fc.Arbitrary<RaftHealth> = fc
  .tuple(health, fc.boolean())
  .map(([h, isLeader]) => ({ ...h, raft: { isRaftEnabled: true, isLeader } }));
const version: fc.Arbitrary<VersionInfo> = fc
  .record({ version: fc.constantFrom('v2.0.3', 'v1.6.0') })
  .map((v) => ({ ...v, capabilities: ['HA_CONTROLLER'] }));

export function signals(shape: Shape): fc.Arbitrary<Signals> {
  return fc.record({
    version: orFail(ok(version)),
    health: orFail(
      fc.oneof(ok(fc.constant(null), fc.constant(404)), ok<Health | null>(health, fc.constantFrom(200, 503))),
    ),
    raft: orFail(
      fc.oneof(ok(fc.constant(null), fc.constant(404)), ok<RaftHealth | null>(raft, fc.constantFrom(200, 429))),
    ),
    members: orFail(ok(liveView(shape))),
    replica: orFail(ok(replica(shape))),
    inspection: orFail(fc.oneof(ok(fc.constant(null)), ok(raftIndexReport))),
  });
}

// Indexes near each other and past the default --max-lag of 100, on one history or another.
const raftIndexReport: fc.Arbitrary<RaftIndexReport> = fc.record({
  askedFor: id,
  index: fc.option(fc.record({ index: fc.nat(400), timeline: fc.constantFrom('tl1', 'tl2') }), { nil: null }),
});

function target(shape: Shape): fc.Arbitrary<TargetEvidence> {
  return fc
    .record({
      who: fc.oneof(id, fc.constant('seed')),
      given: fc.boolean(),
      signals: signals(shape),
      age: fc.option(fc.nat(20_000), { nil: undefined }),
    })
    .map(({ who, given, signals: s, age }) => {
      const t: TargetEvidence = {
        origin: who === 'seed' ? SEED_ORIGIN : originOf(who),
        source: given || who === 'seed' ? 'given' : 'discovered',
        signals: s,
      };
      if (t.source === 'discovered') t.expectedId = who;
      if (age !== undefined)
        t.freshness = { ageMs: age, staleAfterMs: 15_000, pendingMs: null, answeredAfterMs: 10, slowAfterMs: null };
      return t;
    });
}

const unpolled: fc.Arbitrary<UnpolledController> = fc.oneof(
  id.map((i) => ({ id: i, origin: null, reason: 'no API address in any replica' })),
  id.map((i) => ({ id: i, origin: originOf(i), reason: 'the run deadline was reached before it could be polled' })),
);

/** Evidence as pollCluster settles it: one target per origin, sorted by origin. */
export function evidence(shape: Shape): fc.Arbitrary<Evidence> {
  return fc
    .record({
      targets: fc.uniqueArray(target(shape), { maxLength: 6, selector: (t) => t.origin }),
      unpolled: fc.array(unpolled, { maxLength: 2 }),
      discoveryOff: fc.boolean(),
    })
    .map(({ targets, unpolled: u, discoveryOff }) => {
      const e: Evidence = { targets: [...targets].sort((a, b) => (a.origin < b.origin ? -1 : 1)), unpolled: u };
      if (discoveryOff) e.discoveryOff = true;
      return e;
    });
}

type Change = (e: Evidence, pick: number) => Evidence;

/** Mutates one target (chosen by `pick`), leaving the others as they are. */
const onTarget =
  (mutate: (t: TargetEvidence, pick: number) => TargetEvidence): Change =>
  (e, pick) => {
    const index = e.targets.length === 0 ? -1 : pick % e.targets.length;
    return { ...e, targets: e.targets.map((t, i) => (i === index ? mutate(t, pick) : t)) };
  };

const mapOk = <T>(o: Outcome<T>, f: (v: T) => T): Outcome<T> => (o.ok ? { ...o, value: f(o.value) } : o);

/** What goes wrong in a real cluster, one change at a time. */
const change: fc.Arbitrary<Change> = fc.oneof(
  fc
    .tuple(fc.constantFrom('version', 'health', 'raft', 'members', 'replica' as const), failure)
    .map(([signal, failed]) => onTarget((t) => ({ ...t, signals: { ...t.signals, [signal]: failed } }))),
  // A replica that says some controller is offline (lagging, or the leader lost it).
  fc.constant(
    onTarget((t, pick) => ({
      ...t,
      signals: {
        ...t.signals,
        replica: mapOk(t.signals.replica, (rows) =>
          rows.map((r, i) => (i === pick % rows.length ? { ...r, isOnline: false } : r)),
        ),
      },
    })),
  ),
  // A live view that no longer sees some controller connected.
  fc.constant(
    onTarget((t, pick) => ({
      ...t,
      signals: {
        ...t.signals,
        members: mapOk(t.signals.members, (ms) =>
          ms.map((m, i) => (i === (pick >> 3) % ms.length ? { ...m, connected: false } : m)),
        ),
      },
    })),
  ),
  // A second controller that believes it leads.
  fc.constant(
    onTarget((t) => ({
      ...t,
      signals: {
        ...t.signals,
        raft: mapOk(t.signals.raft, (r) => (r === null ? r : { ...r, raft: { ...r.raft, isLeader: true } })),
      },
    })),
  ),
  fc.constant(
    onTarget((t) => ({
      ...t,
      signals: {
        ...t.signals,
        health: mapOk(t.signals.health, (h) => (h === null ? h : { data: { ...h.data, healthy: false } })),
      },
    })),
  ),
  fc.constant<Change>((e, pick) => ({ ...e, targets: e.targets.filter((_, i) => i !== pick % e.targets.length) })),
);

/** A healthy cluster of one to five controllers, then up to three things going wrong. */
export const nearlyHealthy: fc.Arbitrary<Evidence> = fc
  .record({
    ids: fc.subarray([...IDS], { minLength: 1, maxLength: 5 }),
    leaderPick: fc.nat(),
    changes: fc.array(fc.tuple(change, fc.nat()), { maxLength: 3 }),
  })
  .map(({ ids, leaderPick, changes }) => {
    const start = healthyEvidence(ids, ids[leaderPick % ids.length]!);
    return changes.reduce((e, [apply, pick]) => apply(e, pick), start);
  });
