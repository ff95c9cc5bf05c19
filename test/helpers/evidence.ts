// Builds reconcile input by hand: a healthy cluster's evidence, then the one change a rule reacts to.
import type { Evidence, Failure, Outcome, Signals, TargetEvidence } from '../../src/evidence.js';
import type { ClusterMember } from '../../src/schemas/cluster-members.js';
import type { ControllerDetail } from '../../src/schemas/controllers.js';

export const T0 = '2026-11-26T10:00:00.000Z';
export const NOW = new Date('2026-11-26T12:00:00.000Z');

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
    certPem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
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

function member(id: string, leader: string | null, connected: boolean): ClusterMember {
  return { id, address: `tls:${id}.example:6262`, voter: true, leader: id === leader, version: connected ? 'v2.0.3' : '<not connected>', connected, readOnly: false };
}

/** A follower sees itself and the leader; followers need not see each other (pre-2.1 mesh). */
export function liveView(self: string, ids: string[], leader: string | null, connected?: (id: string) => boolean): ClusterMember[] {
  return ids.map((id) => member(id, leader, connected ? connected(id) : id === self || id === leader || self === leader));
}

function raftBody(isLeader: boolean) {
  return { data: { healthy: true, checks: [{ id: 'bolt.read', healthy: true }] }, raft: { isRaftEnabled: true, isLeader } };
}

export function signals(self: string, ids: string[], leader: string | null, replicaRows?: ControllerDetail[]): Signals {
  return {
    version: ok({ version: 'v2.0.3', capabilities: ['HA_CONTROLLER'] }),
    health: ok({ data: { healthy: true, checks: [] } }),
    raft: ok(raftBody(self === leader), self === leader ? 200 : 429),
    members: ok(liveView(self, ids, leader)),
    replica: ok(replicaRows ?? ids.map((id) => row(id))),
  };
}

export function target(id: string, s: Signals, source: TargetEvidence['source'] = 'given'): TargetEvidence {
  return source === 'given' ? { origin: originFor(id), source, signals: s } : { origin: originFor(id), source, expectedId: id, signals: s };
}

/** Every controller answers, agrees, and sees the leader. */
export function healthyEvidence(ids = ['ctrl1', 'ctrl2', 'ctrl3'], leader = 'ctrl1'): Evidence {
  return { targets: ids.map((id) => target(id, signals(id, ids, leader))), unpolled: [] };
}

export function allSignals<T>(outcome: Outcome<T>): Signals {
  return { version: outcome, health: outcome, raft: outcome, members: outcome, replica: outcome } as Signals;
}

/** Replaces one controller's signals (or some of them). */
export function withSignals(evidence: Evidence, id: string, patch: Partial<Signals>): Evidence {
  return {
    ...evidence,
    targets: evidence.targets.map((t) => (t.origin === originFor(id) ? { ...t, signals: { ...t.signals, ...patch } } : t)),
  };
}

export function without(evidence: Evidence, id: string): Evidence {
  return { ...evidence, targets: evidence.targets.filter((t) => t.origin !== originFor(id)) };
}
