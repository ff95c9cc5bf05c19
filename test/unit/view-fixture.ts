// A reconciled view built by hand for printer tests: three healthy controllers, one change at a time.
import type { ClusterView, ControllerRow } from '../../src/model.js';

export const GENERATED_AT = '2026-11-26T12:00:00.000Z';
export const NOW = new Date(GENERATED_AT);

export function controller(id: string, extra: Partial<ControllerRow> = {}): ControllerRow {
  return {
    id,
    name: id,
    status: 'online',
    reachable: true,
    latencyMs: 4,
    isLeader: id === 'ctrl1',
    isPreferredLeader: id === 'ctrl1',
    lastJoinedAt: '2026-11-26T11:00:00.000Z',
    lastAnsweredAt: '2026-11-26T11:59:59.000Z',
    address: `https://${id}.example:1280`,
    fingerprint: 'ab'.repeat(20),
    spiffeId: `spiffe://ziti-status.test/controller/${id}`,
    version: 'v2.0.3',
    certExpiresAt: '2027-11-26T12:00:00.000Z',
    voter: true,
    flags: [],
    error: null,
    views: {
      consensus: { isOnline: true, lastJoinedAt: '2026-11-26T11:00:00.000Z' },
      replicas: ['ctrl1', 'ctrl2', 'ctrl3'].map((from) => ({
        from,
        isOnline: true,
        lastJoinedAt: '2026-11-26T11:00:00.000Z',
      })),
      agreeing: 3,
      leaderSeesConnected: true,
    },
    raftIndex: 120,
    lagEntries: 0,
    ...extra,
  };
}

export function clusterView(
  controllers: ControllerRow[] = ['ctrl1', 'ctrl2', 'ctrl3'].map((id) => controller(id)),
  generatedAt = GENERATED_AT,
): ClusterView {
  return {
    schemaVersion: 1,
    generatedAt,
    cluster: {
      verdict: 'healthy',
      leader: 'ctrl1',
      leaderClaimants: ['ctrl1'],
      quorum: { voters: 3, needed: 2, reachable: 3, verified: true },
      consensus: 'leader',
      consensusReplicaFrom: 'ctrl1',
      reasons: [],
      notes: [],
      earliestCertExpiry: { id: 'ctrl1', at: '2027-11-26T12:00:00.000Z' },
      elections: null,
    },
    controllers,
  };
}

/** An OutStream that keeps what was written. */
export function fakeOut(isTTY: boolean, columns = 120) {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), isTTY, columns, text: () => chunks.join(''), chunks };
}
