// Builds reconcile input by hand: a healthy cluster's evidence, then the one change a rule reacts to;
// and reads the rows of the view that comes out.
import {
  SIGNAL_NAMES,
  type Evidence,
  type Failure,
  type Outcome,
  type RaftIndexReport,
  type Signals,
  type TargetEvidence,
} from '../../src/evidence.js';
import type { ControllerRow } from '../../src/model.js';
import type { ClusterMember } from '../../src/schemas/cluster-members.js';
import type { ControllerDetail } from '../../src/schemas/controllers.js';
import { selfSignedDer, toPem } from '../../src/sim/certificate.js';

export const T0 = '2026-11-26T10:00:00.000Z';
export const NOW = new Date('2026-11-26T12:00:00.000Z');

/** A real certificate, valid through this century: no test's clock meets its dates unless it means to. */
export const CERT_PEM = toPem(
  selfSignedDer('test', {
    notBefore: Date.parse('2000-01-01T00:00:00Z'),
    notAfter: Date.parse('2099-12-31T00:00:00Z'),
  }),
);

/** A certificate valid over [notBefore, notAfter] (RFC 3339 times). */
export const certValid = (notBefore: string, notAfter: string) =>
  toPem(selfSignedDer('test', { notBefore: Date.parse(notBefore), notAfter: Date.parse(notAfter) }));

export const originFor = (id: string) => `https://${id}.example:1280`;

export function row(id: string, isOnline = true, extra: Partial<ControllerDetail> = {}): ControllerDetail {
  return {
    id,
    name: id,
    createdAt: T0,
    updatedAt: T0,
    isOnline,
    lastJoinedAt: T0,
    fingerprint: '0'.repeat(40),
    certPem: CERT_PEM,
    ctrlAddress: `tls:${id}.example:6262`,
    apiAddresses: { 'edge-management': [{ url: `${originFor(id)}/edge/management/v1`, version: 'v1' }] },
    ...extra,
  };
}

export function ok<T>(value: T, status = 200): Outcome<T> {
  return { ok: true, value, status, latencyMs: 5 };
}

export function failed(kind: Failure['kind'], message: string, status?: number): Outcome<never> {
  const failure: Failure = { kind, message };
  if (status !== undefined) failure.status = status;
  return { ok: false, failure, ...(status !== undefined ? { latencyMs: 5 } : {}) };
}

export const refused = () => failed('refused', 'connection refused (ECONNREFUSED) at x');
export const timedOut = () => failed('timeout', 'no answer within the 2000 ms deadline');
export const httpStatus = (status: number) => failed('http', `HTTP ${status} on /x`, status);
/** A 403 as the client records it (src/client/fetch-json.ts): the session was accepted, a right is missing. */
export const permissionMissing = (): Outcome<never> => {
  const outcome = failed('http', 'HTTP 403 on /x: permission missing', 403);
  if (!outcome.ok) outcome.failure.auth = 'permission';
  return outcome;
};

function member(id: string, leader: string | null, connected: boolean): ClusterMember {
  return {
    id,
    address: `tls:${id}.example:6262`,
    voter: true,
    leader: id === leader,
    version: connected ? 'v2.0.3' : '<not connected>',
    connected,
    readOnly: false,
  };
}

/** A follower sees itself and the leader; followers need not see each other (pre-2.1 mesh). */
export function liveView(
  self: string,
  ids: string[],
  leader: string | null,
  connected?: (id: string) => boolean,
): ClusterMember[] {
  return ids.map((id) =>
    member(id, leader, connected ? connected(id) : id === self || id === leader || self === leader),
  );
}

/** A raft health check saying leader (200) or follower (429). */
export const raft = (isLeader: boolean) =>
  ok({ data: { healthy: true, checks: [] }, raft: { isRaftEnabled: true, isLeader } }, isLeader ? 200 : 429);

function raftBody(isLeader: boolean) {
  return {
    data: { healthy: true, checks: [{ id: 'bolt.read', healthy: true }] },
    raft: { isRaftEnabled: true, isLeader },
  };
}

export function signals(self: string, ids: string[], leader: string | null, replicaRows?: ControllerDetail[]): Signals {
  return {
    version: ok({ version: 'v2.0.3', capabilities: ['HA_CONTROLLER'] }),
    health: ok({ data: { healthy: true, checks: [] } }),
    raft: ok(raftBody(self === leader), self === leader ? 200 : 429),
    members: ok(liveView(self, ids, leader)),
    replica: ok(replicaRows ?? ids.map((id) => row(id))),
    inspection: ok(raftIndex(self, RAFT_INDEX)),
  };
}

/** Every healthy controller's applied raft index: all caught up. */
export const RAFT_INDEX = 120;
export const TIMELINE = 'KXyNj9RdR';

/** What `self` says of its own applied raft index (the data-model-index inspection). */
export function raftIndex(self: string, index: number, timeline = TIMELINE): RaftIndexReport {
  return { askedFor: self, index: { index, timeline } };
}

export function target(id: string, s: Signals, source: TargetEvidence['source'] = 'given'): TargetEvidence {
  return source === 'given'
    ? { origin: originFor(id), source, signals: s }
    : { origin: originFor(id), source, expectedId: id, signals: s };
}

/** The controllers of healthyEvidence() unless told otherwise. */
export const IDS = ['ctrl1', 'ctrl2', 'ctrl3'];

/** Every controller answers, agrees, and sees the leader. */
export function healthyEvidence(ids = IDS, leader = 'ctrl1'): Evidence {
  return { targets: ids.map((id) => target(id, signals(id, ids, leader))), unpolled: [] };
}

export function allSignals<T>(outcome: Outcome<T>): Signals {
  return Object.fromEntries(SIGNAL_NAMES.map((name) => [name, outcome])) as unknown as Signals;
}

/**
 * The leader noticed `id` go: its view shows it disconnected and its replica (copied to ctrl2)
 * says offline.
 */
export function leaderLost(id: string): Evidence {
  const rows = IDS.map((r) => row(r, r !== id));
  const e = withSignals(healthyEvidence(), 'ctrl1', {
    members: ok(liveView('ctrl1', IDS, 'ctrl1', (m) => m !== id)),
    replica: ok(rows),
  });
  return withSignals(e, 'ctrl2', { replica: ok(rows) });
}

/** Replaces one controller's signals (or some of them). */
export function withSignals(evidence: Evidence, id: string, patch: Partial<Signals>): Evidence {
  return {
    ...evidence,
    targets: evidence.targets.map((t) =>
      t.origin === originFor(id) ? { ...t, signals: { ...t.signals, ...patch } } : t,
    ),
  };
}

export function without(evidence: Evidence, id: string): Evidence {
  return { ...evidence, targets: evidence.targets.filter((t) => t.origin !== originFor(id)) };
}

export const byId = (rows: readonly ControllerRow[], id: string) => rows.find((r) => r.id === id)!;
export const flag = (rows: readonly ControllerRow[], id: string, code: string) =>
  byId(rows, id).flags.find((f) => f.code === code);
export const codes = (rows: readonly ControllerRow[], id: string) => byId(rows, id).flags.map((f) => f.code);

/** Every controller answers, none leads: each raft role says follower and no live view names a leader. */
export function leaderless(): Evidence {
  let e = healthyEvidence();
  for (const id of IDS) e = withSignals(e, id, { raft: raft(false), members: ok(liveView(id, IDS, null)) });
  return e;
}
